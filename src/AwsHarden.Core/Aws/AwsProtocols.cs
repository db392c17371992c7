using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace AwsHarden.Aws;

/// <summary>AWS Query: form-encoded POST with Action and Version, XML answer wrapped in &lt;ActionResult&gt;.</summary>
public static class AwsQueryProtocol
{
    public const string ContentType = "application/x-www-form-urlencoded; charset=utf-8";

    /// <summary>Calls one operation and returns its <c>&lt;OperationResult&gt;</c> element (empty if absent).
    /// </summary>
    public static async Task<XElement> CallAsync(
        AwsRequestSender sender, AwsService service, string apiVersion, string region, string operation,
        IEnumerable<KeyValuePair<string, string>> parameters, CancellationToken ct)
    {
        var request = new AwsRequest
        {
            Service = service,
            Region = region,
            Operation = operation,
            Protocol = AwsProtocol.Query,
            Body = Encoding.UTF8.GetBytes(FormBody(operation, apiVersion, parameters)),
            ContentType = ContentType,
        };

        var response = await sender.SendAsync(request, ct).ConfigureAwait(false);
        return ResultElement(response.Body, operation);
    }

    public static string FormBody(
        string operation, string apiVersion, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var all = new[] { KeyValuePair.Create("Action", operation), KeyValuePair.Create("Version", apiVersion) }
            .Concat(parameters);
        return string.Join('&', all.Select(p => $"{SigV4Signer.UriEncode(p.Key)}={SigV4Signer.UriEncode(p.Value)}"));
    }

    public static XElement ResultElement(byte[] body, string operation)
    {
        var root = XDocument.Parse(Encoding.UTF8.GetString(body)).Root ?? new XElement("Empty");
        return root.Child(operation + "Result") ?? root;
    }
}

/// <summary>AWS JSON 1.0/1.1: POST / with X-Amz-Target naming the operation, JSON both ways.</summary>
public static class AwsJsonProtocol
{
    public static async Task<JsonElement> CallAsync(
        AwsRequestSender sender, AwsService service, string region, string targetPrefix, string operation,
        JsonObject? input, CancellationToken ct, string jsonVersion = "1.1")
    {
        var request = new AwsRequest
        {
            Service = service,
            Region = region,
            Operation = operation,
            Protocol = AwsProtocol.Json,
            Body = Encoding.UTF8.GetBytes((input ?? []).ToJsonString()),
            ContentType = $"application/x-amz-json-{jsonVersion}",
            Headers = new Dictionary<string, string> { ["X-Amz-Target"] = $"{targetPrefix}.{operation}" },
        };

        var response = await sender.SendAsync(request, ct).ConfigureAwait(false);
        return ParseBody(response.Body);
    }

    internal static JsonElement ParseBody(byte[] body)
    {
        if (body.Length == 0)
        {
            return JsonDocument.Parse("{}").RootElement.Clone();
        }

        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }
}

/// <summary>REST-JSON: the operation is the method and path; parameters in path, query or a JSON body.</summary>
public static class AwsRestJsonProtocol
{
    public static async Task<JsonElement> CallAsync(
        AwsRequestSender sender, AwsService service, string region, string operation, HttpMethod method,
        string path, IReadOnlyList<KeyValuePair<string, string>>? query, JsonObject? body, CancellationToken ct)
    {
        var request = new AwsRequest
        {
            Service = service,
            Region = region,
            Operation = operation,
            Protocol = AwsProtocol.RestJson,
            Method = method,
            Path = path,
            Query = query ?? [],
            Body = body is null ? [] : Encoding.UTF8.GetBytes(body.ToJsonString()),
            ContentType = body is null ? null : "application/json",
        };

        var response = await sender.SendAsync(request, ct).ConfigureAwait(false);
        return AwsJsonProtocol.ParseBody(response.Body);
    }
}

/// <summary>Follows pagination tokens until the service stops returning one.</summary>
public static class AwsPaging
{
    /// <summary>Calls <paramref name="fetchPage"/> with null, then with each returned token; stops on a
    /// missing, empty or repeated token (a repeated one would loop forever).</summary>
    public static async Task<List<T>> CollectAsync<T>(
        Func<string?, Task<(IEnumerable<T> Items, string? NextToken)>> fetchPage, int maxPages = 10_000)
    {
        var items = new List<T>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? token = null;
        for (var page = 0; page < maxPages; page++)
        {
            var (pageItems, next) = await fetchPage(token).ConfigureAwait(false);
            items.AddRange(pageItems);
            if (string.IsNullOrEmpty(next) || !seen.Add(next))
            {
                break;
            }

            token = next;
        }

        return items;
    }
}
