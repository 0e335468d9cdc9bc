using Kes.Api.Http.Json;
using Kes.Api.Http.Routing;
using Kes.Application.Identities;
using static Kes.Api.Http.Routing.Route;

namespace Kes.Api.Http.Routes;

/// <summary>The <c>/v1/identity/…</c> routes.</summary>
public static class IdentityRoutes
{
    /// <summary>The identity routes with their upstream limits; self-describe only identifies.</summary>
    public static IEnumerable<Route> All { get; } =
    [
        new("GET", "/v1/identity/describe/", 0, DefaultTimeout, RouteAuth.Verify, DescribeAsync),
        new("GET", "/v1/identity/list/", 0, DefaultTimeout, RouteAuth.Verify, ListAsync),
        new("GET", "/v1/identity/self/describe", 0, DefaultTimeout, RouteAuth.IdentifyOnly, SelfAsync),
    ];

    private static async Task DescribeAsync(RouteCall call)
    {
        var identity = await call.Mediator.Send(new DescribeIdentity(call.Context, call.Resource)).ConfigureAwait(false);
        await ResponseJson.WriteAsync(call.Http.Response, identity, static (json, identity) =>
        {
            json.WriteStartObject();
            if (identity.IsAdmin)
            {
                json.WriteBoolean("admin", true);
                json.WriteString("created_at", identity.CreatedAt.ToRfc3339());
            }
            else
            {
                json.WriteString("policy", identity.Policy!.Name);
                json.WriteString("created_at", identity.CreatedAt.ToRfc3339());
                json.WriteString("created_by", identity.CreatedBy.Value);
            }

            json.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private static async Task ListAsync(RouteCall call)
    {
        var names = await call.Mediator.Send(new ListIdentities(call.Context, call.Resource)).ConfigureAwait(false);
        await ResponseJson.WriteAsync(call.Http.Response, names, static (json, names) => NameList.Write(json, "identities", names)).ConfigureAwait(false);
    }

    private static async Task SelfAsync(RouteCall call)
    {
        var self = await call.Mediator.Send(new DescribeSelf(call.Context)).ConfigureAwait(false);
        await ResponseJson.WriteAsync(call.Http.Response, self, static (json, self) =>
        {
            json.WriteStartObject();
            json.WriteString("identity", self.Identity.Value);
            if (self.IsAdmin)
            {
                json.WriteBoolean("admin", true);
                json.WriteString("created_at", self.CreatedAt.ToRfc3339());
            }
            else
            {
                json.WriteString("policy", self.Policy!.Name);
                PolicyRoutes.WritePatterns(json, self.Policy);
                json.WriteString("created_at", self.CreatedAt.ToRfc3339());
                json.WriteString("created_by", self.CreatedBy.Value);
            }

            json.WriteEndObject();
        }).ConfigureAwait(false);
    }
}
