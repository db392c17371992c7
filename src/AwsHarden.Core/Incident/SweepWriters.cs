using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AwsHarden.Incident;

/// <summary>Texts shared by every rendering of a sweep report.</summary>
public static class SweepText
{
    public static string Time(DateTimeOffset? time) =>
        time?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "unknown";

    /// <summary>Why a resource is listed, e.g. <c>new since 2024-07-01 00:00:00Z, not in baseline</c>.</summary>
    public static string Why(SweepFinding finding, DateTimeOffset since) => string.Join(", ",
        finding.Reasons.Select(reason => reason switch
        {
            SweepReason.NewSinceWindow when finding.Resource.Kind.DatedByLastChange() =>
                $"changed since {Time(since)}",
            SweepReason.NewSinceWindow => $"new since {Time(since)}",
            SweepReason.NotInBaseline => "not in baseline",
            _ => "no creation time",
        }));

    public static string Where(string? region) => region ?? "global";

    public static string NotSwept(SweepGap gap) =>
        $"{gap.Kind.Name()} in {Where(gap.Region)}: {gap.Error.Code} on {gap.Error.Action}";

    /// <summary>What to do next, whatever the format.</summary>
    public const string NextSteps =
        "Next: find who created them with 'awsharden incident investigate --key AKIA… --lookup' (or --logs, "
        + "--bucket), then remove them with 'awsharden incident revert'.";

    public const string CreatorNote =
        "The creator is not in these APIs; 'incident investigate' names it from CloudTrail.";
}

/// <summary>The sweep report as JSON (stable field names, times in ISO 8601 UTC).</summary>
public static class SweepJsonWriter
{
    public static void Write(SweepReport report, Stream stream)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("accountId", report.AccountId);
        json.WriteString("since", report.Since);
        json.WriteString("readAt", report.ReadAt);
        if (report.BaselineCollectedAt is { } baseline)
        {
            json.WriteString("baselineCollectedAt", baseline);
        }

        WriteStrings(json, "regions", report.Regions);
        json.WriteStartArray("found");
        foreach (var finding in report.Found)
        {
            var r = finding.Resource;
            json.WriteStartObject();
            json.WriteString("region", r.Region);
            json.WriteString("type", r.Kind.Name());
            json.WriteString("id", r.Id);
            if (r.Created is { } created)
            {
                json.WriteString(r.Kind.DatedByLastChange() ? "lastModified" : "created", created);
            }

            json.WriteString("detail", r.Detail);
            json.WriteNull("creator");
            WriteStrings(json, "reasons", finding.Reasons.Select(Reason));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("notSwept");
        foreach (var gap in report.NotSwept)
        {
            json.WriteStartObject();
            json.WriteString("type", gap.Kind.Name());
            json.WriteString("region", gap.Region);
            json.WriteString("action", gap.Error.Action);
            json.WriteString("errorCode", gap.Error.Code);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        if (report.RegionsError is { } regionsError)
        {
            json.WriteString("regionsError", regionsError.Reason);
        }

        WriteStrings(json, "comparedByTimeOnly", report.TimeOnlyKinds.Select(k => k.Name()));
        json.WriteNumber("resourcesRead", report.ResourcesRead);
        json.WriteNumber("apiCalls", report.ApiCalls);
        json.WriteEndObject();
    }

    /// <summary>The reason's name in JSON: <c>newSinceWindow</c>, <c>notInBaseline</c>, <c>unknownAge</c>.
    /// </summary>
    public static string Reason(SweepReason reason) => JsonNamingPolicy.CamelCase.ConvertName(reason.ToString());

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}

/// <summary>The sweep report as Markdown, to paste into a ticket or an AWS Support case.</summary>
public static class SweepMarkdownWriter
{
    public static string Write(SweepReport report)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# Sweep of account {report.AccountId}").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture,
            $"Window: since {SweepText.Time(report.Since)}; read {SweepText.Time(report.ReadAt)}; "
            + $"{report.Regions.Count} region(s); {report.ResourcesRead} resources read.");
        if (report.BaselineCollectedAt is { } baseline)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"Baseline: snapshot collected {SweepText.Time(baseline)}.");
        }

        md.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"## Found ({report.Found.Count})").AppendLine();
        if (report.Found.Count > 0)
        {
            md.AppendLine("| region | type | id | created | why | detail |").AppendLine("|---|---|---|---|---|---|");
            foreach (var f in report.Found)
            {
                var r = f.Resource;
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {SweepText.Where(r.Region)} | {r.Kind.Name()} | `{Cell(r.Id)}` | {SweepText.Time(r.Created)} | "
                    + $"{SweepText.Why(f, report.Since)} | {Cell(r.Detail)} |");
            }

            md.AppendLine().AppendLine(SweepText.CreatorNote);
        }

        if (report.NotSwept.Count > 0 || report.RegionsError is not null)
        {
            md.AppendLine().AppendLine("## Not swept").AppendLine();
            if (report.RegionsError is { } error)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"- regions: {error.Reason}; only the listed ones swept");
            }

            foreach (var gap in report.NotSwept)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"- {SweepText.NotSwept(gap)}");
            }
        }

        if (report.TimeOnlyKinds.Count > 0)
        {
            var kinds = string.Join(", ", report.TimeOnlyKinds.Select(k => k.Name()));
            md.AppendLine().AppendLine(CultureInfo.InvariantCulture,
                $"Compared by time only (not in the baseline): {kinds}.");
        }

        return md.AppendLine().AppendLine(SweepText.NextSteps).ToString();
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
