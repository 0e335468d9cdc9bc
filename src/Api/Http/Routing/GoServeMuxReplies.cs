namespace Kes.Api.Http.Routing;

/// <summary>The replies Go's server and its ServeMux write before any KES code runs: the plain-text 400 and 404, 301 redirects (docs/api.md §2.2).</summary>
public static class GoServeMuxReplies
{
    private static readonly byte[] NotFoundBody = "404 page not found\n"u8.ToArray();
    private static readonly byte[] BadRequestBody = "400 Bad Request"u8.ToArray();

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
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return PlainTextAsync(http.Response, StatusCodes.Status404NotFound, NotFoundBody);
    }

    /// <summary>400 <c>text/plain</c> with <c>400 Bad Request</c>, what Go's server writes for a request line it cannot parse; an HTTP/1.1 connection is closed after it, as Go closes it.</summary>
    public static Task BadRequestAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (!HttpProtocol.IsHttp2(http.Request.Protocol) && !HttpProtocol.IsHttp3(http.Request.Protocol))
        {
            http.Response.Headers.Connection = "close";
        }

        return PlainTextAsync(http.Response, StatusCodes.Status400BadRequest, BadRequestBody);
    }

    private static Task PlainTextAsync(HttpResponse response, int status, byte[] body)
    {
        response.StatusCode = status;
        response.ContentType = "text/plain; charset=utf-8";
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body).AsTask();
    }
}
