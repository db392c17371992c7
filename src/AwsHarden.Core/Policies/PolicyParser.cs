using System.Text.Json;

namespace AwsHarden.Policies;

/// <summary>Turns policy JSON into <see cref="PolicyDocument"/>. IAM matches element names case-insensitively on
/// input, so this does too; the lint flags spellings that differ from the documented ones.</summary>
internal static class PolicyParser
{
    internal static readonly string[] TopLevelKeys = ["Version", "Id", "Statement"];

    internal static readonly string[] StatementKeys =
    [
        "Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource",
        "Condition",
    ];

    private static readonly JsonDocumentOptions Options = new()
    {
        // IAM rejects comments and trailing commas, so accepting them here would hide a real error.
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
        MaxDepth = 32,
    };

    public static PolicyDocument Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var json = DecodeIfUrlEncoded(text);
        if (json.Trim().Length == 0)
            throw new PolicyParseException("The policy document is empty.");

        using var doc = ParseJson(json);
        return ReadDocument(doc.RootElement);
    }

    /// <summary>Parses an already-parsed element, e.g. a document embedded in a GetAccountAuthorizationDetails
    /// export.</summary>
    public static PolicyDocument Parse(JsonElement root) => ReadDocument(root);

    /// <summary>IAM returns documents URL-encoded (RFC 3986); raw JSON always starts with '{' after blanks.</summary>
    internal static string DecodeIfUrlEncoded(string text)
    {
        var trimmed = text.TrimStart();
        if (!trimmed.StartsWith('%'))
            return text;

        // Encoders that follow HTML forms write spaces as '+'; RFC 3986 encoders write %20 and encode '+'.
        var spaced = trimmed.Contains("%20", StringComparison.Ordinal) ? trimmed : trimmed.Replace('+', ' ');
        try
        {
            return Uri.UnescapeDataString(spaced);
        }
        catch (UriFormatException ex)
        {
            throw new PolicyParseException("The policy document looks URL-encoded but does not decode.", inner: ex);
        }
    }

    internal static JsonDocument ParseJson(string json)
    {
        try
        {
            return JsonDocument.Parse(json, Options);
        }
        catch (JsonException ex)
        {
            var line = ex.LineNumber + 1;
            var position = ex.BytePositionInLine + 1;
            throw new PolicyParseException(
                $"The policy is not valid JSON at line {line}, position {position}: {ShortReason(ex)}",
                line, position, ex);
        }
    }

    // System.Text.Json appends "LineNumber: n | BytePositionInLine: m." which the message already says.
    private static string ShortReason(JsonException ex)
    {
        var message = ex.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    private static PolicyDocument ReadDocument(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw new PolicyParseException($"A policy document must be a JSON object, not {Kind(root)}.");

        string? version = null, id = null;
        var statements = new List<PolicyStatement>();
        var unknown = new List<string>();
        foreach (var property in root.EnumerateObject())
        {
            switch (Canonical(property.Name, TopLevelKeys))
            {
                case "Version": version = ReadString(property.Value, "Version"); break;
                case "Id": id = ReadString(property.Value, "Id"); break;
                case "Statement": statements.AddRange(ReadStatements(property.Value)); break;
                default: unknown.Add(property.Name); break;
            }
        }

        return new PolicyDocument(version, id, statements, unknown);
    }

    private static IEnumerable<PolicyStatement> ReadStatements(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
            return [ReadStatement(element, 1)];
        if (element.ValueKind != JsonValueKind.Array)
            throw new PolicyParseException($"Statement must be an object or an array, not {Kind(element)}.");

        return element.EnumerateArray().Select((s, i) => ReadStatement(s, i + 1)).ToList();
    }

    private static PolicyStatement ReadStatement(JsonElement element, int index)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw new PolicyParseException($"Statement {index} must be an object, not {Kind(element)}.");

        var builder = new StatementBuilder();
        foreach (var property in element.EnumerateObject())
            builder.Read(property, index);
        return builder.Build();
    }

    private sealed class StatementBuilder
    {
        private string? _sid, _effect;
        private IReadOnlyList<string>? _actions, _notActions, _resources, _notResources;
        private PolicyPrincipal? _principal, _notPrincipal;
        private IReadOnlyList<ConditionClause> _conditions = [];
        private readonly List<string> _unknown = [];

        public void Read(JsonProperty property, int index)
        {
            var where = $"statement {index}";
            var value = property.Value;
            switch (Canonical(property.Name, StatementKeys))
            {
                case "Sid": _sid = ReadString(value, $"Sid in {where}"); break;
                case "Effect": _effect = ReadString(value, $"Effect in {where}"); break;
                case "Action": _actions = ReadStringList(value, $"Action in {where}"); break;
                case "NotAction": _notActions = ReadStringList(value, $"NotAction in {where}"); break;
                case "Resource": _resources = ReadStringList(value, $"Resource in {where}"); break;
                case "NotResource": _notResources = ReadStringList(value, $"NotResource in {where}"); break;
                case "Principal": _principal = ReadPrincipal(value, $"Principal in {where}"); break;
                case "NotPrincipal": _notPrincipal = ReadPrincipal(value, $"NotPrincipal in {where}"); break;
                case "Condition": _conditions = ReadConditions(value, where); break;
                default: _unknown.Add(property.Name); break;
            }
        }

        public PolicyStatement Build() => new(
            _sid, ParseEffect(_effect), _effect, _actions, _notActions, _resources, _notResources,
            _principal, _notPrincipal, _conditions, _unknown);
    }

    private static PolicyEffect ParseEffect(string? effect) =>
        effect?.Trim().ToUpperInvariant() switch
        {
            "ALLOW" => PolicyEffect.Allow,
            "DENY" => PolicyEffect.Deny,
            _ => PolicyEffect.Unknown,
        };

    private static PolicyPrincipal ReadPrincipal(JsonElement element, string what)
    {
        if (element.ValueKind == JsonValueKind.String)
        {
            var text = element.GetString()!.Trim();
            return text == "*"
                ? new PolicyPrincipal(true, new Dictionary<string, IReadOnlyList<string>>())
                : new PolicyPrincipal(false, new Dictionary<string, IReadOnlyList<string>> { ["AWS"] = [text] });
        }

        if (element.ValueKind != JsonValueKind.Object)
            throw new PolicyParseException($"{what} must be \"*\" or an object, not {Kind(element)}.");

        var byType = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in element.EnumerateObject())
            byType[property.Name] = ReadStringList(property.Value, $"{what} ({property.Name})");
        return new PolicyPrincipal(false, byType);
    }

    private static List<ConditionClause> ReadConditions(JsonElement element, string where)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw new PolicyParseException($"Condition in {where} must be an object, not {Kind(element)}.");

        var clauses = new List<ConditionClause>();
        foreach (var block in element.EnumerateObject())
        {
            if (block.Value.ValueKind != JsonValueKind.Object)
                throw new PolicyParseException(
                    $"Condition operator {block.Name} in {where} must map keys to values, not {Kind(block.Value)}.");

            var (baseOperator, qualifier, ifExists) = ConditionClause.SplitOperator(block.Name);
            foreach (var key in block.Value.EnumerateObject())
            {
                var values = ReadValueList(key.Value, $"Condition {block.Name} {key.Name} in {where}");
                clauses.Add(new ConditionClause(block.Name, baseOperator, qualifier, ifExists, key.Name, values));
            }
        }

        return clauses;
    }

    private static string ReadString(JsonElement element, string what) =>
        element.ValueKind == JsonValueKind.String
            ? element.GetString()!
            : throw new PolicyParseException($"{what} must be a string, not {Kind(element)}.");

    private static List<string> ReadStringList(JsonElement element, string what)
    {
        if (element.ValueKind == JsonValueKind.String)
            return [element.GetString()!];
        if (element.ValueKind != JsonValueKind.Array)
            throw new PolicyParseException($"{what} must be a string or an array of strings, not {Kind(element)}.");

        return element.EnumerateArray().Select(e => ReadString(e, $"Each entry of {what}")).ToList();
    }

    // Condition values may be written as JSON numbers or booleans; IAM compares their text.
    private static List<string> ReadValueList(JsonElement element, string what)
    {
        if (element.ValueKind != JsonValueKind.Array)
            return [ReadScalar(element, what)];
        return element.EnumerateArray().Select(e => ReadScalar(e, what)).ToList();
    }

    private static string ReadScalar(JsonElement element, string what) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString()!,
        JsonValueKind.Number => element.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => throw new PolicyParseException($"{what} must be a string, number or boolean, not {Kind(element)}."),
    };

    private static string Canonical(string name, string[] known) =>
        known.FirstOrDefault(k => k.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase)) ?? name;

    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
