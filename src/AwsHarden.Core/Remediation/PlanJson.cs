using System.Text.Json;
using System.Text.Json.Serialization;
using AwsHarden.Model;

namespace AwsHarden.Remediation;

/// <summary>Reads and writes plans (plan.json) and journal lines. Errors in a file become
/// <see cref="UserErrorException"/> naming the file.</summary>
public static class PlanJson
{
    /// <summary>The plan file format version this build writes and reads.</summary>
    public const int SchemaVersion = 1;

    public static string Write(Plan plan)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions
            { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            JsonSerializer.Serialize(writer, new PlanFile(SchemaVersion, plan with { Digest = Digest(plan) }),
                PlanJsonContext.Default.PlanFile);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private const string MakeOne = "make one with 'awsharden fix plan -o plan.json'";

    public static Plan Read(string json, string source = "plan")
    {
        PlanFile? file;
        try
        {
            file = JsonSerializer.Deserialize(json, PlanJsonContext.Default.PlanFile);
        }
        catch (JsonException e)
        {
            throw new UserErrorException($"{source}: not a plan file ({e.Message.Split('.')[0]})",
                "make one with 'awsharden fix plan -o plan.json'");
        }

        if (file is null)
            throw new UserErrorException($"{source}: not a plan file (it holds null)", MakeOne);
        if (file.Plan is null || file.SchemaVersion != SchemaVersion)
        {
            throw new UserErrorException($"{source}: plan format {file?.SchemaVersion} is not {SchemaVersion}",
                "make the plan again with this version of awsharden");
        }

        if (file.Plan.Steps is null)
            throw new UserErrorException($"{source}: not a plan file (no steps)", MakeOne);
        return file.Plan;
    }

    /// <summary>SHA-256 (hex) of what a plan file must not change: account, example flag and steps.</summary>
    public static string Digest(Plan plan)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(new PlanDigestInput(plan.AccountId, plan.Example, plan.Steps),
            PlanJsonContext.Default.PlanDigestInput);
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(json));
    }

    public static string WriteJournalLine(JournalRecord record) =>
        JsonSerializer.Serialize(record, PlanJsonContext.Default.JournalRecord);

    public static JournalRecord ReadJournalLine(string line, string source)
    {
        try
        {
            return JsonSerializer.Deserialize(line, PlanJsonContext.Default.JournalRecord)
                ?? throw new JsonException("empty record");
        }
        catch (JsonException e)
        {
            // A crash can cut the last line short; every complete line before it is still good.
            throw new UserErrorException($"{source}: unreadable journal record ({e.Message.Split('.')[0]})",
                "remove the damaged last line if the run was interrupted, then run again");
        }
    }
}

/// <summary>The plan file: the plan under a format version.</summary>
public sealed record PlanFile(int SchemaVersion, Plan Plan);

/// <summary>What <see cref="PlanJson.Digest"/> covers.</summary>
internal sealed record PlanDigestInput(string? AccountId, bool Example, IReadOnlyList<PlanStep> Steps);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PlanFile))]
[JsonSerializable(typeof(JournalRecord))]
[JsonSerializable(typeof(PlanDigestInput))]
internal sealed partial class PlanJsonContext : JsonSerializerContext;
