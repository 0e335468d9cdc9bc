using System.Net;
using System.Runtime.ExceptionServices;

namespace Kes.Client.Http;

/// <summary>Sends one API request with kms-go's failover (docs/overview.md §4): the next endpoint on a network error or a 5xx other than 501, with the failed one penalised; any status but 200 becomes a <see cref="Errors.KesClientException"/>.</summary>
internal sealed class KesTransport : IDisposable
{
    private readonly HttpClient _http;
    private readonly EndpointRotation _rotation;
    private readonly Uri[] _requestBases;
    private readonly Version _version;
    private readonly HttpVersionPolicy _versionPolicy;
    private readonly TimeSpan _timeout;

    public KesTransport(HttpMessageHandler handler, EndpointRotation rotation, bool plainScheme, TimeSpan timeout)
    {
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _rotation = rotation;
        _timeout = timeout;
        _requestBases = new Uri[rotation.Count];
        for (var i = 0; i < rotation.Count; i++)
        {
            // The BouncyCastle path does TLS in the connect callback, so the handler must not add its own.
            _requestBases[i] = plainScheme ? new UriBuilder(rotation[i]) { Scheme = Uri.UriSchemeHttp }.Uri : rotation[i];
        }

        (_version, _versionPolicy) = plainScheme
            ? (HttpVersion.Version11, HttpVersionPolicy.RequestVersionExact)
            : (HttpVersion.Version20, HttpVersionPolicy.RequestVersionOrLower);
    }

    /// <summary>Sends the request; the caller owns the 200 response and reads its body.</summary>
    /// <remarks><paramref name="path"/> is already escaped (<c>/v1/key/list/%2A</c>); <paramref name="body"/> is re-sent as is to each endpoint tried.</remarks>
    /// <exception cref="Errors.KesClientException">The server answered a status other than 200.</exception>
    /// <exception cref="HttpRequestException">No endpoint could be reached.</exception>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, RequestBody? body, CancellationToken cancellationToken)
    {
        var order = _rotation.Order();
        ExceptionDispatchInfo? failure = null;
        for (var attempt = 0; attempt < order.Length; attempt++)
        {
            var index = order[attempt];
            HttpResponseMessage response;
            using (var request = new HttpRequestMessage(method, new Uri(_requestBases[index], path)))
            {
                request.Version = _version;
                request.VersionPolicy = _versionPolicy;
                request.Content = body?.CreateContent();
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                if (_timeout != Timeout.InfiniteTimeSpan)
                {
                    deadline.CancelAfter(_timeout);
                }

                try
                {
                    response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
                }
                catch (HttpRequestException e)
                {
                    _rotation.MarkFailed(index);
                    failure = ExceptionDispatchInfo.Capture(WithEndpoint(e, method, index, path));
                    continue;
                }
                catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
                {
                    _rotation.MarkFailed(index);
                    failure = ExceptionDispatchInfo.Capture(new HttpRequestException($"{method} \"{new Uri(_rotation[index], path)}\": request timed out", e));
                    continue;
                }
            }

            var status = (int)response.StatusCode;
            if (status >= 500 && status != 501)
            {
                _rotation.MarkFailed(index);
                if (attempt < order.Length - 1)
                {
                    failure = ExceptionDispatchInfo.Capture(await ErrorReply.ReadAsync(response, cancellationToken).ConfigureAwait(false));
                    continue;
                }
            }

            if (status != 200)
            {
                throw await ErrorReply.ReadAsync(response, cancellationToken).ConfigureAwait(false);
            }

            return response;
        }

        failure!.Throw();
        throw new InvalidOperationException("unreachable");
    }

    public void Dispose() => _http.Dispose();

    // Go's client errors name the method and URL: Post "https://host:7373/v1/key/create/k": <cause>.
    private HttpRequestException WithEndpoint(HttpRequestException e, HttpMethod method, int index, string path)
    {
        var cause = e.InnerException?.Message ?? e.Message;
        var verb = method.Method[..1] + method.Method[1..].ToLowerInvariant();
        return new HttpRequestException($"{verb} \"{new Uri(_rotation[index], path)}\": {cause}", e, e.StatusCode);
    }
}
