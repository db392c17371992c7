using System.Globalization;
using System.Text.Json;

namespace AwsHarden.Remediation;

/// <summary>The session-revoking inline deny: writing its document and reading its cut-off time back.</summary>
public static class InlinePolicies
{
    /// <summary>A policy denying everything to credentials issued before <paramref name="cutoff"/>.</summary>
    public static string DenyTokensIssuedBefore(DateTimeOffset cutoff) =>
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"*\","
        + "\"Resource\":\"*\",\"Condition\":{\"DateLessThan\":{\"aws:TokenIssueTime\":\""
        + Format(cutoff) + "\"}}}]}";

    /// <summary>The time in the form the deny and <see cref="ResourceTypes.InlinePolicy"/> use.</summary>
    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    /// <summary>The <c>aws:TokenIssueTime</c> of the first DateLessThan condition, or null (also for a
    /// document that is not JSON).</summary>
    public static string? TokenIssueTime(string document)
    {
        try
        {
            using var json = JsonDocument.Parse(document);
            if (!json.RootElement.TryGetProperty("Statement", out var statements))
                return null;
            var list = statements.ValueKind == JsonValueKind.Array ? statements.EnumerateArray().ToList()
                : [statements];
            return list.Select(CutOff).FirstOrDefault(t => t is not null);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? CutOff(JsonElement statement) =>
        statement.ValueKind == JsonValueKind.Object
        && statement.TryGetProperty("Condition", out var condition) && condition.ValueKind == JsonValueKind.Object
        && condition.TryGetProperty("DateLessThan", out var before) && before.ValueKind == JsonValueKind.Object
        && before.TryGetProperty("aws:TokenIssueTime", out var time) && time.ValueKind == JsonValueKind.String
            ? time.GetString()
            : null;
}
