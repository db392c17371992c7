using System.Globalization;
using System.Text.Json;
using System.Xml.Linq;

namespace AwsHarden.Aws;

/// <summary>Small readers for response bodies that ignore XML namespaces and tolerate missing members.</summary>
public static class WireExtensions
{
    public static XElement? Child(this XElement element, string name) =>
        element.Elements().FirstOrDefault(e => e.Name.LocalName == name);

    public static string? ChildValue(this XElement element, string name) => element.Child(name)?.Value;

    public static bool ChildBool(this XElement element, string name) =>
        string.Equals(element.ChildValue(name), "true", StringComparison.OrdinalIgnoreCase);

    public static int? ChildInt(this XElement element, string name) =>
        int.TryParse(element.ChildValue(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)
            ? v
            : null;

    public static DateTimeOffset? ChildDate(this XElement element, string name) =>
        DateTimeOffset.TryParse(element.ChildValue(name), CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal, out var v) ? v : null;

    /// <summary>The <c>&lt;member&gt;</c> items of a Query list element.</summary>
    public static IEnumerable<XElement> Members(this XElement element, string listName) =>
        element.Child(listName)?.Elements().Where(e => e.Name.LocalName == "member") ?? [];

    public static string? String(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v)
            && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public static bool Bool(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v)
            && v.ValueKind == JsonValueKind.True;

    public static double? Double(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v)
            && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    public static IEnumerable<JsonElement> Array(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v)
            && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray() : [];

    public static JsonElement? Object(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v)
            && v.ValueKind == JsonValueKind.Object ? v : null;
}
