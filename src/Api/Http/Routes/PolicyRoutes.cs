using System.Text.Json;
using Kes.Api.Http.Json;
using Kes.Api.Http.Routing;
using Kes.Application.Policies;
using Kes.Domain.Policies;
using static Kes.Api.Http.Routing.Route;

namespace Kes.Api.Http.Routes;

/// <summary>The <c>/v1/policy/…</c> routes.</summary>
public static class PolicyRoutes
{
    /// <summary>The policy routes with their upstream limits.</summary>
    public static IEnumerable<Route> All { get; } =
    [
        new("GET", "/v1/policy/describe/", 0, DefaultTimeout, RouteAuth.Verify, DescribeAsync),
        new("GET", "/v1/policy/read/", 0, DefaultTimeout, RouteAuth.Verify, ReadAsync),
        new("GET", "/v1/policy/list/", 0, DefaultTimeout, RouteAuth.Verify, ListAsync),
    ];

    /// <summary>Writes a policy's allow and deny patterns as Go writes a <c>map[string]struct{}</c>: sorted keys, <c>{}</c> values, omitted when empty.</summary>
    public static void WritePatterns(Utf8JsonWriter json, Policy policy)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(policy);
        WriteSet(json, "allow", policy.Allow);
        WriteSet(json, "deny", policy.Deny);
    }

    private static void WriteSet(Utf8JsonWriter json, string name, IReadOnlyList<PathPattern> patterns)
    {
        if (patterns.Count == 0)
        {
            return;
        }

        json.WriteStartObject(name);
        foreach (var pattern in patterns)
        {
            json.WriteStartObject(pattern.Value);
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static async Task DescribeAsync(RouteCall call)
    {
        var policy = await call.Mediator.Send(new DescribePolicy(call.Context, call.Resource)).ConfigureAwait(false);
        await ResponseJson.WriteAsync(call.Http.Response, policy, static (json, policy) =>
        {
            json.WriteStartObject();
            json.WriteString("name", policy.Name);
            json.WriteString("created_at", policy.CreatedAt.ToRfc3339());
            json.WriteString("created_by", policy.CreatedBy.Value);
            json.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private static async Task ReadAsync(RouteCall call)
    {
        var policy = await call.Mediator.Send(new DescribePolicy(call.Context, call.Resource)).ConfigureAwait(false);
        await ResponseJson.WriteAsync(call.Http.Response, policy, static (json, policy) =>
        {
            json.WriteStartObject();
            json.WriteString("name", policy.Name);
            WritePatterns(json, policy);
            json.WriteString("created_at", policy.CreatedAt.ToRfc3339());
            json.WriteString("created_by", policy.CreatedBy.Value);
            json.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private static async Task ListAsync(RouteCall call)
    {
        var names = await call.Mediator.Send(new ListPolicies(call.Context, call.Resource)).ConfigureAwait(false);
        await ResponseJson.WriteAsync(call.Http.Response, names, static (json, names) => NameList.Write(json, "names", names)).ConfigureAwait(false);
    }
}
