using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;

namespace AwsHarden.FakeAws.Protocol;

/// <summary>Writes results and errors in each protocol's real envelope.</summary>
internal static class ResponseWriter
{
    public static Task WriteResultAsync(HttpContext http, ServiceInfo service, string operation, FakeResult result,
        string requestId, CancellationToken ct) => (service.Protocol, result) switch
        {
            (WireProtocol.Query, XmlResult xml) => WriteXmlAsync(http, 200, QueryEnvelope(service, operation, xml,
                requestId), ct),
            (WireProtocol.Ec2, XmlResult xml) => WriteXmlAsync(http, 200, Ec2Envelope(service, operation, xml,
                requestId), ct),
            (WireProtocol.Json, JsonResult json) => WriteJsonAsync(http, json.StatusCode,
                $"application/x-amz-json-{service.JsonVersion}", json.Body, ct),
            (WireProtocol.RestJson, JsonResult json) => WriteJsonAsync(http, json.StatusCode, "application/json",
                json.Body, ct),
            (WireProtocol.RestXml, XmlDocumentResult xml) => WriteXmlAsync(http, 200,
                InNamespace(xml.Root, service.Namespace), ct),
            (WireProtocol.RestXml, BytesResult bytes) => WriteBytesAsync(http, bytes, ct),
            (WireProtocol.RestXml or WireProtocol.RestJson, EmptyResult empty) => WriteEmpty(http, empty.StatusCode),
            _ => throw new InvalidOperationException($"{operation} answered a result its protocol cannot write."),
        };

    private static Task WriteEmpty(HttpContext http, int status)
    {
        http.Response.StatusCode = status;
        http.Response.ContentLength = 0;
        return Task.CompletedTask;
    }

    public static Task WriteErrorAsync(HttpContext http, ServiceInfo? service, AwsErrorException error,
        string requestId, CancellationToken ct)
    {
        var status = (int)error.Status;
        switch (service?.Protocol)
        {
            case WireProtocol.Query:
                XNamespace ns = service.Namespace;
                return WriteXmlAsync(http, status, new XElement(ns + "ErrorResponse",
                    new XElement(ns + "Error",
                        new XElement(ns + "Type", error.FaultType),
                        new XElement(ns + "Code", error.Code),
                        new XElement(ns + "Message", error.Message)),
                    new XElement(ns + "RequestId", requestId)), ct);
            case WireProtocol.Ec2:
                return WriteXmlAsync(http, status, new XElement("Response",
                    new XElement("Errors", new XElement("Error",
                        new XElement("Code", error.Code),
                        new XElement("Message", error.Message))),
                    new XElement("RequestID", requestId)), ct);
            case WireProtocol.RestXml:
                return WriteXmlAsync(http, status, new XElement("Error",
                    new XElement("Code", error.Code),
                    new XElement("Message", error.Message),
                    new XElement("RequestId", requestId)), ct);
            case WireProtocol.Json:
                var messageKey = service.SigningName is "organizations" or "ce" ? "Message" : "message";
                if (service.SigningName == "monitoring")
                {
                    // CloudWatch's JSON protocol keeps its Query error codes in this header (awsQueryCompatible).
                    http.Response.Headers["x-amzn-query-error"] = $"{error.Code};{error.FaultType}";
                }

                return WriteJsonAsync(http, status, $"application/x-amz-json-{service.JsonVersion}",
                    new JsonObject { ["__type"] = error.Code, [messageKey] = error.Message }, ct);
            default:
                http.Response.Headers["x-amzn-ErrorType"] = error.Code;
                return WriteJsonAsync(http, status, "application/json",
                    new JsonObject { ["message"] = error.Message }, ct);
        }
    }

    private static XElement QueryEnvelope(ServiceInfo service, string operation, XmlResult xml, string requestId)
    {
        XNamespace ns = service.Namespace;
        var root = new XElement(ns + $"{operation}Response");
        if (xml.Content is not null)
        {
            root.Add(new XElement(ns + $"{operation}Result", xml.Content.Select(e => InNamespace(e, ns))));
        }

        root.Add(new XElement(ns + "ResponseMetadata", new XElement(ns + "RequestId", requestId)));
        return root;
    }

    private static XElement Ec2Envelope(ServiceInfo service, string operation, XmlResult xml, string requestId)
    {
        XNamespace ns = service.Namespace;
        return new XElement(ns + $"{operation}Response",
            new XElement(ns + "requestId", requestId),
            (xml.Content ?? []).Select(e => InNamespace(e, ns)));
    }

    // Handlers build fresh elements for each answer, so they are moved into the namespace in place.
    private static XElement InNamespace(XElement element, XNamespace ns)
    {
        foreach (var e in element.DescendantsAndSelf())
        {
            e.Name = ns + e.Name.LocalName;
        }

        return element;
    }

    private static async Task WriteXmlAsync(HttpContext http, int status, XElement root, CancellationToken ct)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/xml";
        var text = new XDocument(new XDeclaration("1.0", "UTF-8", null), root).Declaration + "\n" +
            root.ToString(SaveOptions.DisableFormatting);
        await http.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), ct);
    }

    private static async Task WriteBytesAsync(HttpContext http, BytesResult bytes, CancellationToken ct)
    {
        http.Response.StatusCode = 200;
        http.Response.ContentType = bytes.ContentType;
        http.Response.ContentLength = bytes.Body.Length;
        http.Response.Headers.ETag = $"\"{Convert.ToHexStringLower(MD5.HashData(bytes.Body))}\"";
        http.Response.Headers.LastModified = bytes.LastModified.ToString("R", CultureInfo.InvariantCulture);
        await http.Response.Body.WriteAsync(bytes.Body, ct);
    }

    private static async Task WriteJsonAsync(HttpContext http, int status, string contentType, JsonNode body,
        CancellationToken ct)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = contentType;
        await http.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(body.ToJsonString()), ct);
    }
}
