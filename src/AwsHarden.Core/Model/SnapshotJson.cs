using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace AwsHarden.Model;

/// <summary>Writes and reads the versioned snapshot file; a file this build cannot trust is a user error.</summary>
public static class SnapshotJson
{
    private const string Hint = "Collect a fresh snapshot with this version of awsharden and try again.";

    private static readonly JsonSerializerOptions Options = new(SnapshotJsonContext.Default.Options)
    {
        // Computed members (Collected.Ok, CallError.Reason…) are derived on read, so they are not stored.
        TypeInfoResolver = SnapshotJsonContext.Default.WithAddedModifier(DropComputedProperties),
    };

    private static JsonTypeInfo<AccountSnapshot> TypeInfo =>
        (JsonTypeInfo<AccountSnapshot>)Options.GetTypeInfo(typeof(AccountSnapshot));

    public static void Write(AccountSnapshot snapshot, Stream stream) =>
        JsonSerializer.Serialize(stream, snapshot, TypeInfo);

    /// <summary>Reads a snapshot, or throws <see cref="UserErrorException"/> saying why the file is unusable.</summary>
    public static AccountSnapshot Read(Stream stream)
    {
        using var document = Parse(stream);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            throw Invalid("The snapshot file is JSON but not a snapshot (expected an object at the top level).");

        CheckTool(root);
        CheckVersion(root);
        return Deserialize(root);
    }

    private static JsonDocument Parse(Stream stream)
    {
        try
        {
            return JsonDocument.Parse(stream);
        }
        catch (JsonException e)
        {
            throw Invalid($"The snapshot file is not valid JSON (line {e.LineNumber + 1}): it may be truncated.", e);
        }
    }

    private static void CheckTool(JsonElement root)
    {
        var tool = root.TryGetProperty("tool", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        if (tool != "awsharden")
            throw Invalid($"The file was not written by awsharden (tool is '{tool ?? "missing"}').");
    }

    private static void CheckVersion(JsonElement root)
    {
        if (!root.TryGetProperty("schemaVersion", out var v))
            throw Invalid("The snapshot file has no schemaVersion.");
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out var version))
            throw Invalid($"The snapshot's schemaVersion is {v.GetRawText()}, not a schema version this awsharden "
                + $"reads ({AccountSnapshot.CurrentSchemaVersion}).");
        if (version > AccountSnapshot.CurrentSchemaVersion)
            throw new UserErrorException(
                $"The snapshot uses schema version {version}, newer than this awsharden reads "
                + $"({AccountSnapshot.CurrentSchemaVersion}).",
                "Update awsharden, or collect the snapshot again with this version.");
        if (version < 1)
            throw Invalid($"The snapshot has an unknown schema version {version}.");
    }

    private static AccountSnapshot Deserialize(JsonElement root)
    {
        try
        {
            return root.Deserialize(TypeInfo) ?? throw Invalid("The snapshot file holds null.");
        }
        catch (JsonException e)
        {
            var where = e.Path is null ? "" : $" at {e.Path}";
            throw Invalid($"The snapshot file is damaged{where}: {Plain(e.Message)}", e);
        }
    }

    private static UserErrorException Invalid(string message, Exception? inner = null) => new(message, Hint, inner);

    // System.Text.Json names constructor parameters and .NET types; the user sees JSON.
    private static string Plain(string message)
    {
        if (message.Contains("doesn't allow null values", StringComparison.Ordinal))
            return "missing or null.";
        var missing = System.Text.RegularExpressions.Regex.Match(message, "missing required properties[^:]*: (.*)");
        if (missing.Success)
            return $"missing {missing.Groups[1].Value.TrimEnd('.')}.";
        var first = FirstSentence(message);
        return first.Contains("AwsHarden.", StringComparison.Ordinal) || first.Contains("System.",
            StringComparison.Ordinal)
            ? "a value has the wrong type."
            : first;
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }

    private static void DropComputedProperties(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object)
            return;

        for (var i = info.Properties.Count - 1; i >= 0; i--)
        {
            var property = info.Properties[i];
            if (property.Set is null && property.AssociatedParameter is null)
                info.Properties.RemoveAt(i);
        }
    }
}
