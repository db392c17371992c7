using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AwsHarden.FakeAws.Services;

/// <summary>A query the fake cannot evaluate, or one Athena would refuse; becomes the FAILED reason.</summary>
internal sealed class AthenaSqlException(string message) : Exception(message);

/// <summary>
/// Evaluates exactly the statement shape of AwsHarden's Athena rounds over a trail table of CloudTrail records:
/// a list of columns, one table, the date partition range, an optional account list, the event-time range and
/// an OR of known identity conditions, ordered by event time. Anything else fails the query, so a test over this
/// fake breaks when the SQL changes shape rather than passing on a guess.
/// </summary>
internal static partial class AthenaTrailSql
{
    public static (IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string?>> Rows) Run(string sql,
        string database, IReadOnlyDictionary<string, List<string>> tables)
    {
        var statement = Statement().Match(sql);
        if (!statement.Success) throw Unsupported("statement", sql);
        var name = $"{statement.Groups["db"].Value}.{statement.Groups["table"].Value}";
        if (statement.Groups["db"].Value != database && !tables.ContainsKey(name))
        {
            throw new AthenaSqlException($"TABLE_NOT_FOUND: line 2:6: Table '{name}' does not exist");
        }
        var records = tables.GetValueOrDefault(name)
            ?? throw new AthenaSqlException($"TABLE_NOT_FOUND: line 2:6: Table '{name}' does not exist");

        var columns = statement.Groups["select"].Value.Split(", ").Select(Column).ToList();
        var where = Where(statement.Groups["where"].Value);
        var rows = records.Select(r => JsonNode.Parse(r)!).Where(where)
            .OrderBy(r => Text(r, "eventtime"), StringComparer.Ordinal)
            .Select(r => (IReadOnlyList<string?>)[.. columns.Select(c => Text(r, c.Path))]).ToList();
        return ([.. columns.Select(c => c.Name)], rows);
    }

    private sealed record SelectColumn(string Path, string Name);

    private static SelectColumn Column(string item)
    {
        var m = ColumnItem().Match(item);
        if (!m.Success) throw Unsupported("select item", item);
        var path = m.Groups["path"].Value;
        return new SelectColumn(path, m.Groups["alias"].Success ? m.Groups["alias"].Value : path);
    }

    /// <summary>The WHERE clause as a predicate: every conjunct must be one the rounds write.</summary>
    private static Func<JsonNode, bool> Where(string text)
    {
        var tests = new List<Func<JsonNode, bool>>();
        foreach (var conjunct in text.Split("\n  AND "))
        {
            if (DateRange().Match(conjunct) is { Success: true } d)
            {
                var (from, to) = (d.Groups["from"].Value, d.Groups["to"].Value);
                tests.Add(r => Between(Day(r), from, to));
            }
            else if (AccountList().Match(conjunct) is { Success: true } a)
            {
                var accounts = Literals(a.Groups["list"].Value);
                tests.Add(r => accounts.Contains(Text(r, "recipientaccountid") ?? ""));
            }
            else if (TimeRange().Match(conjunct) is { Success: true } t)
            {
                var (from, to) = (Time(t.Groups["from"].Value), Time(t.Groups["to"].Value));
                tests.Add(r => Time(Text(r, "eventtime") ?? "") is var at && at >= from && at <= to);
            }
            else if (conjunct.StartsWith('(') && conjunct.EndsWith(')'))
            {
                var any = conjunct[1..^1].Split("\n    OR ").Select(Identity).ToList();
                tests.Add(r => any.Exists(test => test(r)));
            }
            else throw Unsupported("condition", conjunct);
        }
        return r => tests.TrueForAll(test => test(r));
    }

    /// <summary>One identity condition of a round.</summary>
    private static Func<JsonNode, bool> Identity(string clause)
    {
        if (KeyIn().Match(clause) is { Success: true } k)
        {
            var keys = Literals(k.Groups["list"].Value);
            return r => keys.Contains(Text(r, "useridentity.accesskeyid") ?? "");
        }
        if (UserIn().Match(clause) is { Success: true } u)
        {
            var users = Literals(u.Groups["list"].Value);
            return r => Text(r, "useridentity.type") == "IAMUser"
                && users.Contains(Text(r, "useridentity.username") ?? "");
        }
        if (IssuerIn().Match(clause) is { Success: true } i)
        {
            var roles = Literals(i.Groups["list"].Value);
            return r => roles.Contains(LastPart(Text(r, "useridentity.sessioncontext.sessionissuer.arn")));
        }
        if (AssumedRoleIn().Match(clause) is { Success: true } a)
        {
            var roles = Literals(a.Groups["list"].Value);
            return r => (Text(r, "eventname") ?? "").StartsWith("AssumeRole", StringComparison.Ordinal)
                && roles.Contains(LastPart(Request(r, "roleArn")));
        }
        if (SamlProviderIn().Match(clause) is { Success: true } s)
        {
            var providers = Literals(s.Groups["list"].Value);
            return r => Text(r, "eventname") == "AssumeRoleWithSAML"
                && providers.Contains(Request(r, "principalArn") ?? "");
        }
        if (WebIdentityProviderIn().Match(clause) is { Success: true } w)
        {
            var providers = Literals(w.Groups["list"].Value);
            return r => Text(r, "eventname") == "AssumeRoleWithWebIdentity"
                && providers.Contains(Text(r, "useridentity.identityprovider") ?? "");
        }
        throw Unsupported("identity condition", clause);
    }

    /// <summary>A list of SQL string literals, quotes doubled inside; anything else is refused.</summary>
    private static HashSet<string> Literals(string list)
    {
        if (!LiteralList().IsMatch(list)) throw Unsupported("literal list", list);
        return [.. Literal().Matches(list).Select(m => m.Groups[1].Value.Replace("''", "'", StringComparison.Ordinal))];
    }

    /// <summary>The value at a lower-case column path, as Athena shows it: strings as they are, JSON payload
    /// columns and other values as JSON text.</summary>
    private static string? Text(JsonNode record, string path)
    {
        JsonNode? node = record;
        foreach (var part in path.Split('.'))
        {
            node = node is JsonObject o
                ? o.FirstOrDefault(p => string.Equals(p.Key, part, StringComparison.OrdinalIgnoreCase)).Value
                : null;
        }
        return node switch
        {
            null => null,
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            _ => node.ToJsonString(),
        };
    }

    private static string? Request(JsonNode record, string name) =>
        record["requestParameters"] is JsonObject p && p[name] is JsonValue v && v.TryGetValue<string>(out var s)
            ? s : null;

    private static string LastPart(string? arn) => arn is null ? "" : arn[(arn.LastIndexOf('/') + 1)..];

    /// <summary>The date partition: the event's UTC day (CloudTrail files it under the delivery day, which the
    /// rounds allow for by reading the day after).</summary>
    private static string Day(JsonNode r) =>
        Time(Text(r, "eventtime") ?? "").UtcDateTime.ToString("yyyy/MM/dd", CultureInfo.InvariantCulture);

    private static bool Between(string value, string from, string to) =>
        string.CompareOrdinal(value, from) >= 0 && string.CompareOrdinal(value, to) <= 0;

    private static DateTimeOffset Time(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? t : throw new AthenaSqlException($"INVALID_FUNCTION_ARGUMENT: Invalid format: \"{text}\"");

    private static AthenaSqlException Unsupported(string what, string text) =>
        new($"FAILED: the fake does not evaluate this {what}: {text}");

    private const string StatementPattern = """^SELECT (?<select>[^\n]+)\nFROM "(?<db>[^"]+)"\."(?<table>[^"]+)"\n"""
        + """WHERE (?<where>.+)\nORDER BY eventtime$""";

    [GeneratedRegex(StatementPattern, RegexOptions.Singleline)]
    private static partial Regex Statement();

    [GeneratedRegex("^(?<path>[a-z_]+(?:\\.[a-z_]+)*)(?: AS (?<alias>[a-z_]+))?$")]
    private static partial Regex ColumnItem();

    [GeneratedRegex("""^"date" BETWEEN '(?<from>\d{4}/\d{2}/\d{2})' AND '(?<to>\d{4}/\d{2}/\d{2})'$""")]
    private static partial Regex DateRange();

    [GeneratedRegex(@"^account IN \((?<list>.*)\)$")]
    private static partial Regex AccountList();

    [GeneratedRegex(@"^from_iso8601_timestamp\(eventtime\) BETWEEN "
        + @"from_iso8601_timestamp\('(?<from>[^']+)'\) AND from_iso8601_timestamp\('(?<to>[^']+)'\)$")]
    private static partial Regex TimeRange();

    [GeneratedRegex(@"^useridentity\.accesskeyid IN \((?<list>.*)\)$")]
    private static partial Regex KeyIn();

    [GeneratedRegex(@"^\(useridentity\.type = 'IAMUser' AND useridentity\.username IN \((?<list>.*)\)\)$")]
    private static partial Regex UserIn();

    [GeneratedRegex(@"^regexp_extract\(useridentity\.sessioncontext\.sessionissuer\.arn, '\[\^/\]\+\$'\) "
        + @"IN \((?<list>.*)\)$")]
    private static partial Regex IssuerIn();

    [GeneratedRegex(@"^\(eventname LIKE 'AssumeRole%' AND regexp_extract\(json_extract_scalar\(requestparameters, "
        + @"'\$\.roleArn'\), '\[\^/\]\+\$'\) IN \((?<list>.*)\)\)$")]
    private static partial Regex AssumedRoleIn();

    [GeneratedRegex(@"^\(eventname = 'AssumeRoleWithSAML' AND json_extract_scalar\(requestparameters, "
        + @"'\$\.principalArn'\) IN \((?<list>.*)\)\)$")]
    private static partial Regex SamlProviderIn();

    [GeneratedRegex(@"^\(eventname = 'AssumeRoleWithWebIdentity' AND "
        + @"useridentity\.identityprovider IN \((?<list>.*)\)\)$")]
    private static partial Regex WebIdentityProviderIn();

    [GeneratedRegex(@"^'(?:[^']|'')*'(?:, '(?:[^']|'')*')*$")]
    private static partial Regex LiteralList();

    [GeneratedRegex(@"'((?:[^']|'')*)'")]
    private static partial Regex Literal();
}
