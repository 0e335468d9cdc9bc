namespace Kes.Api.Http.Routing;

/// <summary>The replies Go's ServeMux writes before any KES code runs: 301 redirects and the plain-text 404 (docs/api.md §2.2).</summary>
public static class GoServeMuxReplies
{
    private static readonly byte[] NotFoundBody = "404 page not found\n"u8.ToArray();

    /// <summary>301 to <paramref name="location"/> (already escaped, see <see cref="GoUrlEscaping"/>), with the body Go's redirect handler writes for GET.</summary>
    public static Task MovedPermanentlyAsync(HttpContext http, string location)
    {
        ArgumentNullException.ThrowIfNull(http);
        var response = http.Response;
        response.StatusCode = StatusCodes.Status301MovedPermanently;
        response.Headers.Location = location;
        var method = http.Request.Method;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method))
        {
            response.ContentType = "text/html; charset=utf-8";
            if (HttpMethods.IsGet(method))
            {
                var body = System.Text.Encoding.UTF8.GetBytes($"<a href=\"{GoUrlEscaping.HtmlEscape(location)}\">Moved Permanently</a>.\n\n");
                response.ContentLength = body.Length;
                return response.Body.WriteAsync(body).AsTask();
            }

            return Task.CompletedTask;
        }

        response.ContentLength = 0;
        return Task.CompletedTask;
    }

    /// <summary><c>OPTIONS *</c>: 200 with an empty body, as Go's server answers it before any handler (docs/api.md §2.2).</summary>
    public static void ServerWideOptions(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentLength = 0;
    }

    /// <summary>404 <c>text/plain</c> with <c>404 page not found</c>: not the JSON error shape.</summary>
    public static Task NotFoundAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var response = http.Response;
        response.StatusCode = StatusCodes.Status404NotFound;
        response.ContentType = "text/plain; charset=utf-8";
        response.Headers.XContentTypeOptions = "nosniff";
        response.ContentLength = NotFoundBody.Length;
        return response.Body.WriteAsync(NotFoundBody).AsTask();
    }
}
