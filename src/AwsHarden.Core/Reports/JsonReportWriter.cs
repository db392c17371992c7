using System.Text.Json;
using System.Text.Json.Serialization;
using AwsHarden.Model;

namespace AwsHarden.Reports;

/// <summary>Writes the audit report as JSON (camelCase, enums as strings) for pipelines and other tools.</summary>
public static class JsonReportWriter
{
    public static void Write(AuditReport report, Stream output) =>
        JsonSerializer.Serialize(output, report, ReportJsonContext.Default.AuditReport);

    public static string ToJson(AuditReport report) =>
        JsonSerializer.Serialize(report, ReportJsonContext.Default.AuditReport);
}

[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AuditReport))]
[JsonSerializable(typeof(CallError))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;
