using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;
using AwsHarden.FakeAws;
using AwsHarden.FakeAws.Signing;
using AwsHarden.FakeAws.State;

namespace AwsHarden.Tests.FakeAws;

/// <summary>A bare HTTP client that signs requests to the fake, for tests that need exact wire control.</summary>
internal sealed class SignedClient(FakeAwsServer server, FakeCredential? credential = null, TimeProvider? time = null)
    : IDisposable
{
    private readonly HttpClient http = new() { BaseAddress = server.Endpoint };
    private readonly FakeCredential credential = credential ?? server.Account.Caller;
    private readonly TimeProvider time = time ?? TimeProvider.System;

    /// <summary>Signs with this secret instead of the credential's, to provoke SignatureDoesNotMatch.</summary>
    public string? SecretOverride { get; init; }
    /// <summary>Sends x-amz-content-sha256: UNSIGNED-PAYLOAD and signs that instead of the body hash.</summary>
    public bool UnsignedPayload { get; init; }
    public bool OmitSecurityToken { get; init; }

    public Task<HttpResponseMessage> QueryAsync(string service, string region, string action, string version,
        params (string Key, string Value)[] parameters)
    {
        var form = string.Join('&', new[] { ("Action", action), ("Version", version) }.Concat(parameters)
            .Select(p => $"{Uri.EscapeDataString(p.Item1)}={Uri.EscapeDataString(p.Item2)}"));
        return SendAsync(HttpMethod.Post, "/", Encoding.UTF8.GetBytes(form),
            "application/x-www-form-urlencoded; charset=utf-8", service, region, []);
    }

    public Task<HttpResponseMessage> JsonAsync(string service, string region, string target, string json,
        string jsonVersion = "1.1") =>
        SendAsync(HttpMethod.Post, "/", Encoding.UTF8.GetBytes(json), $"application/x-amz-json-{jsonVersion}",
            service, region, [KeyValuePair.Create("X-Amz-Target", target)]);

    public Task<HttpResponseMessage> RestAsync(string service, string region, HttpMethod method, string pathAndQuery,
        string? json = null) =>
        SendAsync(method, pathAndQuery, json is null ? [] : Encoding.UTF8.GetBytes(json), "application/json",
            service, region, []);

    public async Task<XElement> QueryXmlAsync(string service, string region, string action, string version,
        params (string Key, string Value)[] parameters)
    {
        using var response = await QueryAsync(service, region, action, version, parameters);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return XElement.Parse(text);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string pathAndQuery, byte[] body,
        string contentType, string service, string region, List<KeyValuePair<string, string>> extraHeaders)
    {
        var uri = new Uri(server.Endpoint, pathAndQuery);
        var amzDate = SigV4.FormatAmzDate(time.GetUtcNow());
        var signed = new List<KeyValuePair<string, string>>
        {
            KeyValuePair.Create("host", uri.Authority),
            KeyValuePair.Create("x-amz-date", amzDate),
        };
        signed.AddRange(extraHeaders);
        if (credential.SessionToken is { } token && !OmitSecurityToken)
        {
            signed.Add(KeyValuePair.Create("X-Amz-Security-Token", token));
        }

        var payloadHash = UnsignedPayload ? SigV4.UnsignedPayload : SigV4.HexSha256(body);
        if (UnsignedPayload)
        {
            signed.Add(KeyValuePair.Create("x-amz-content-sha256", payloadHash));
        }

        var request = new HttpRequestMessage(method, uri);
        var sigRequest = new SigV4Request(method.Method, uri.AbsolutePath, uri.Query.TrimStart('?'), signed,
            payloadHash);
        request.Headers.TryAddWithoutValidation("Authorization", SigV4.Authorization(sigRequest,
            credential.AccessKeyId, SecretOverride ?? credential.SecretAccessKey, region, service, amzDate));
        foreach (var (name, value) in signed.Where(h => h.Key != "host"))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (method != HttpMethod.Get)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        return await http.SendAsync(request);
    }

    public void Dispose() => http.Dispose();
}
