using System.Net.Http.Headers;
using System.Text;
using Polly;

namespace AwsHarden.Aws;

/// <summary>
/// Sends <see cref="AwsRequest"/>s: resolves the endpoint, signs each attempt afresh, retries what may
/// succeed on retry and turns error answers into <see cref="AwsServiceException"/>.
/// </summary>
public sealed class AwsRequestSender(
    HttpClient http,
    Func<CancellationToken, ValueTask<AwsCredentials>> credentials,
    AwsEndpoints endpoints,
    ResiliencePipeline retry,
    TimeProvider time)
{
    public AwsEndpoints Endpoints { get; } = endpoints;

    public async Task<AwsResponse> SendAsync(AwsRequest request, CancellationToken ct)
    {
        var endpoint = Endpoints.Resolve(request.Service, request.Region);
        return await retry.ExecuteAsync(
            async token => await SendOnceAsync(request, endpoint, token).ConfigureAwait(false), ct)
            .ConfigureAwait(false);
    }

    private async Task<AwsResponse> SendOnceAsync(AwsRequest request, ResolvedEndpoint endpoint, CancellationToken ct)
    {
        using var message = await BuildAsync(request, endpoint, ct).ConfigureAwait(false);
        HttpResponseMessage? response = null;
        byte[] body;
        try
        {
            response = await http.SendAsync(message, HttpCompletionOption.ResponseContentRead, ct)
                .ConfigureAwait(false);
            body = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            response?.Dispose();
            // HttpClient's own timeout: the answer started but its body never finished. Not retried.
            throw new AwsNoAnswerException(request.Action, endpoint.Url, http.Timeout, ex);
        }

        using var disposeResponse = response;
        var headers = FlattenHeaders(response);

        if (!response.IsSuccessStatusCode)
        {
            throw AwsErrorParser.Parse(
                request.Protocol, response.StatusCode, headers, body, request.Action, request.ReportedRegion);
        }

        return new AwsResponse(response.StatusCode, headers, body);
    }

    private async Task<HttpRequestMessage> BuildAsync(
        AwsRequest request, ResolvedEndpoint endpoint, CancellationToken ct)
    {
        var message = new HttpRequestMessage(request.Method, BuildUri(endpoint.Url, request));
        message.Options.Set(AwsOperationContext.ActionKey, request.Action);
        if (request.ReportedRegion is not null)
        {
            message.Options.Set(AwsOperationContext.RegionKey, request.ReportedRegion);
        }

        if (request.Body.Length > 0 || request.ContentType is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
            if (request.ContentType is not null)
            {
                message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(request.ContentType);
            }
        }

        foreach (var (name, value) in request.Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        var keys = await credentials(ct).ConfigureAwait(false);
        SigV4Signer.Sign(message, request.Body, keys, endpoint.SigningRegion, endpoint.SigningName,
            time.GetUtcNow());
        return message;
    }

    /// <summary>Joins an endpoint (which may carry a path, as emulators' URLs do) with the request's path
    /// and query.</summary>
    public static Uri BuildUri(Uri endpoint, AwsRequest request)
    {
        var basePath = endpoint.AbsolutePath.TrimEnd('/');
        var builder = new StringBuilder(basePath).Append(request.Path);
        if (request.Query.Count > 0)
        {
            builder.Append('?').AppendJoin('&', request.Query.Select(
                q => $"{SigV4Signer.UriEncode(q.Key)}={SigV4Signer.UriEncode(q.Value)}"));
        }

        var root = new UriBuilder(endpoint.Scheme, endpoint.Host, endpoint.Port).Uri;
        return new Uri(root, builder.ToString());
    }

    private static Dictionary<string, string> FlattenHeaders(HttpResponseMessage response)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in response.Headers.Concat(response.Content.Headers))
        {
            headers[header.Key.ToLowerInvariant()] = string.Join(',', header.Value);
        }

        return headers;
    }
}
