using System.Text.Json.Nodes;
using AwsHarden.Model;

namespace AwsHarden.Tests.Remediation;

/// <summary>Compares two snapshots as JSON, ignoring the members that change with the clock alone.</summary>
internal static class SnapshotComparison
{
    private static readonly string[] ClockWords = ["time", "date", "collectedat", "lastused", "lastrotated", "age"];

    /// <summary>The paths where the snapshots differ, one line each; empty when they match.</summary>
    public static List<string> Differences(AccountSnapshot before, AccountSnapshot after)
    {
        var differences = new List<string>();
        Compare(ToJson(before), ToJson(after), "$", differences);
        return differences;
    }

    private static JsonNode? ToJson(AccountSnapshot snapshot)
    {
        using var stream = new MemoryStream();
        SnapshotJson.Write(snapshot, stream);
        return JsonNode.Parse(stream.ToArray());
    }

    private static void Compare(JsonNode? a, JsonNode? b, string path, List<string> differences)
    {
        switch (a, b)
        {
            case (JsonObject x, JsonObject y):
                foreach (var name in x.Select(p => p.Key).Union(y.Select(p => p.Key)))
                {
                    if (!ClockWords.Any(w => name.Contains(w, StringComparison.OrdinalIgnoreCase)))
                        Compare(x[name], y[name], $"{path}.{name}", differences);
                }

                break;
            case (JsonArray x, JsonArray y) when x.Count == y.Count:
                for (var i = 0; i < x.Count; i++)
                    Compare(x[i], y[i], $"{path}[{i}]", differences);
                break;
            default:
                if (!JsonNode.DeepEquals(a, b))
                    differences.Add($"{path}: {a?.ToJsonString() ?? "null"} -> {b?.ToJsonString() ?? "null"}");
                break;
        }
    }
}
