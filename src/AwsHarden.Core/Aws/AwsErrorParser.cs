using System.Net;
using System.Text;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;

namespace AwsHarden.Aws;

/// <summary>Turns an error answer of any protocol into an <see cref="AwsServiceException"/>.</summary>
public static class AwsErrorParser
{
    public static AwsServiceException Parse(
        AwsProtocol protocol, HttpStatusCode status, IReadOnlyDictionary<string, string> headers, byte[] body,
        string action, string? region)
    {
        var (code, message) = protocol == AwsProtocol.Query
            ? ParseXml(body)
            : ParseJson(headers, body);

        code = string.IsNullOrEmpty(code) ? $"Http{(int)status}" : code;
        return new AwsServiceException(code, message ?? "", status, action, region);
    }

    /// <summary>Query errors: <c>&lt;ErrorResponse&gt;&lt;Error&gt;&lt;Code&gt;</c>, or EC2's
    /// <c>&lt;Response&gt;&lt;Errors&gt;&lt;Error&gt;</c>.</summary>
    public static (string? Code, string? Message) ParseXml(byte[] body)
    {
        if (body.Length == 0)
        {
            return (null, null);
        }

        try
        {
            var root = XDocument.Parse(Encoding.UTF8.GetString(body)).Root;
            var error = root?.DescendantsAndSelf().FirstOrDefault(e => e.Name.LocalName == "Error");
            return (error?.ChildValue("Code"), error?.ChildValue("Message"));
        }
        catch (XmlException)
        {
            return (null, null);
        }
    }

    /// <summary>JSON and REST-JSON errors: the x-amzn-ErrorType header, else <c>__type</c> or <c>code</c>.</summary>
    public static (string? Code, string? Message) ParseJson(IReadOnlyDictionary<string, string> headers, byte[] body)
    {
        headers.TryGetValue("x-amzn-errortype", out var code);
        string? message = null;
        if (body.Length > 0)
        {
            try
            {
                using var document = JsonDocument.Parse(body);
                var root = document.RootElement;
                code ??= root.String("__type") ?? root.String("code") ?? root.String("Code");
                message = root.String("message") ?? root.String("Message") ?? root.String("errorMessage");
            }
            catch (JsonException)
            {
                // A proxy's HTML error page: keep the status-derived code.
            }
        }

        return (Sanitize(code), message);
    }

    // Codes arrive as "aws.protocoltests#FooError:http://internal…"; the name is between '#' and ':'.
    private static string? Sanitize(string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return null;
        }

        var colon = code.IndexOf(':');
        if (colon >= 0)
        {
            code = code[..colon];
        }

        var hash = code.LastIndexOf('#');
        return (hash >= 0 ? code[(hash + 1)..] : code).Trim();
    }
}
