using Kes.Application.Keys;
using Kes.Application.Pipeline;
using Kes.Application.Requests;
using Kes.Application.Status;
using Kes.Domain.Errors;
using Kes.Domain.Identities;

namespace Kes.UnitTests.Pipeline;

/// <summary>The authorization behaviour: identity errors are 400, a path the policy refuses is 403, bulk decrypt needs decrypt too.</summary>
public sealed class AuthorizationBehaviorTests
{
    private static readonly Identity Caller = new(new string('c', 64));
    private readonly NextCalls _next = new();

    private static AuthorizationBehavior<TMessage, string> Behavior<TMessage>()
        where TMessage : IKesRequest =>
        new();

    private static RequestContext Context(string path, params string[] allowed) => new() { Identity = Caller, Path = path, State = TestState.Allowing(Caller, allowed) };

    [Fact]
    public async Task An_allowed_path_reaches_the_handler()
    {
        var response = await Behavior<CreateKey>().Handle(new CreateKey(Context("/v1/key/create/k", "/v1/key/create/k"), "k"), _next.Handler<CreateKey>(), CancellationToken.None);
        Assert.Equal("handled", response);
        Assert.Equal(1, _next.Count);
    }

    [Fact]
    public async Task A_refused_path_is_403_not_authorized_and_never_handled()
    {
        var error = await Assert.ThrowsAsync<KesException>(() =>
            Behavior<CreateKey>().Handle(new CreateKey(Context("/v1/key/create/k", "/v1/key/create/other"), "k"), _next.Handler<CreateKey>(), CancellationToken.None).AsTask());
        Assert.Same(KesError.NotAllowed, error.Error);
        Assert.Equal(403, error.Error.Status);
        Assert.Equal(0, _next.Count);
    }

    [Fact]
    public async Task An_identity_error_is_answered_before_the_policy_is_asked()
    {
        var context = Context("/v1/key/create/k", "/v1/key/create/k") with { IdentityError = KesError.ClientCertificateRequired };
        var error = await Assert.ThrowsAsync<KesException>(() =>
            Behavior<CreateKey>().Handle(new CreateKey(context, "k"), _next.Handler<CreateKey>(), CancellationToken.None).AsTask());
        Assert.Same(KesError.ClientCertificateRequired, error.Error);
        Assert.Equal(0, _next.Count);
    }

    [Fact]
    public async Task A_route_that_skips_authorization_is_handled_even_without_identity()
    {
        var context = new RequestContext { Path = "/v1/status", SkipAuthorization = true, IdentityError = KesError.ClientCertificateRequired, State = TestState.Empty };
        await Behavior<GetStatus>().Handle(new GetStatus(context), _next.Handler<GetStatus>(), CancellationToken.None);
        Assert.Equal(1, _next.Count);
    }

    [Fact]
    public async Task Bulk_decrypt_is_allowed_only_when_decrypt_of_the_same_key_is_allowed_too()
    {
        static BulkDecrypt Bulk(params string[] allowed) => new(Context("/v1/key/bulk/decrypt/secret", allowed), "secret", null, []);
        var onlyBulk = await Assert.ThrowsAsync<KesException>(() =>
            Behavior<BulkDecrypt>().Handle(Bulk("/v1/key/bulk/decrypt/secret"), _next.Handler<BulkDecrypt>(), CancellationToken.None).AsTask());
        Assert.Same(KesError.NotAllowed, onlyBulk.Error);
        var onlyDecrypt = await Assert.ThrowsAsync<KesException>(() =>
            Behavior<BulkDecrypt>().Handle(Bulk("/v1/key/decrypt/secret"), _next.Handler<BulkDecrypt>(), CancellationToken.None).AsTask());
        Assert.Same(KesError.NotAllowed, onlyDecrypt.Error);
        Assert.Equal(0, _next.Count);

        await Behavior<BulkDecrypt>().Handle(Bulk("/v1/key/bulk/decrypt/secret", "/v1/key/decrypt/secret"), _next.Handler<BulkDecrypt>(), CancellationToken.None);
        Assert.Equal(1, _next.Count);
    }
}
