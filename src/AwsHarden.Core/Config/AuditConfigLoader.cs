using System.Globalization;
using AwsHarden.Model;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace AwsHarden.Config;

/// <summary>Reads <c>awsharden.yaml</c>. Every error names the file, the line and what is wrong.</summary>
public static class AuditConfigLoader
{
    /// <summary>Loads the file, or throws <see cref="UserErrorException"/> naming the line at fault.</summary>
    public static AuditConfig Load(string path, IReadOnlySet<string>? knownCheckIds = null)
    {
        return Parse(InputFile.ReadAllText(path, InputKind.Config), path, knownCheckIds);
    }

    /// <summary>Parses config text; <paramref name="source"/> names it in errors.</summary>
    public static AuditConfig Parse(string yaml, string source = "config", IReadOnlySet<string>? knownCheckIds = null)
    {
        ConfigFile? file;
        try
        {
            file = Deserializer.Deserialize<ConfigFile?>(yaml);
        }
        catch (YamlException e)
        {
            var why = (e.InnerException?.Message ?? e.Message).Split('\n')[0];
            var line = LineAt(yaml, e.Start.Line);
            throw new UserErrorException($"{source}:{e.Start.Line}: {Tidy(why, line)}",
                "see README.md, section 'Configuration', for the keys awsharden.yaml accepts");
        }

        return file is null
            ? AuditConfig.Default
            : ToConfig(file, source, knownCheckIds);
    }

    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .WithCaseInsensitivePropertyMatching()
        .Build();

    // YamlDotNet speaks of .NET types; the user wrote YAML, so say what kind of value the key wants.
    private static string Tidy(string message, string? line)
    {
        var key = KeyOf(line);
        if (line is not null && line.TrimEnd().Length > 0 && char.IsWhiteSpace(line[0]) && line.TrimStart(' ')
                .StartsWith('\t'))
        {
            return "a tab character cannot indent YAML; use spaces";
        }

        if (key is not null && message.Contains("overflow", StringComparison.OrdinalIgnoreCase)
            && Ranges.TryGetValue(key, out var range))
        {
            var text = line ?? "";
            var value = text[(text.IndexOf(':') + 1)..].Trim();
            return $"{key} is {value}; it must be between {range.Min} and {range.Max}";
        }

        if (message.Contains("not found on type", StringComparison.Ordinal))
        {
            return "unknown key " + message.Split('\'').ElementAtOrDefault(1);
        }

        string? wanted = message switch
        {
            _ when message.Contains("List`1", StringComparison.Ordinal)
                || message.Contains("got 'MappingStart'", StringComparison.Ordinal) && message.Contains("Sequence",
                    StringComparison.Ordinal) => "a list, like [a, b]",
            _ when message.Contains("Entry'", StringComparison.Ordinal) || message.Contains("Dictionary`2",
                StringComparison.Ordinal) || message.Contains("Expected 'MappingStart'", StringComparison.Ordinal)
                => "a map of keys and values",
            _ when message.Contains("overflow", StringComparison.OrdinalIgnoreCase)
                || message.Contains("not in a correct format", StringComparison.Ordinal) => "a whole number",
            _ when message.Contains("Boolean", StringComparison.Ordinal) => "true or false",
            _ => null,
        };

        if (wanted is not null)
            return $"{(key is null ? "this value" : $"'{key}'")} must be {wanted}";

        // Whatever else YamlDotNet says names .NET types the user never wrote; say what the file must be.
        return message.Contains("type ", StringComparison.Ordinal) || message.Contains("AwsHarden.", StringComparison
            .Ordinal)
            ? "the file must be a mapping of keys (key: value), as in README.md, section 'Configuration'"
            : message;
    }

    // The whole-number keys and their ranges, shared by the overflow message and the range check.
    private static readonly Dictionary<string, (int Min, int Max)> Ranges = new(StringComparer.Ordinal)
    {
        ["minimum_length"] = (6, 128),
        ["reuse_prevention"] = (0, 24),
        ["unused_credential_days"] = (1, 3650),
        ["key_rotation_days"] = (1, 3650),
    };

    private static string? LineAt(string yaml, long line) =>
        yaml.Split('\n').ElementAtOrDefault((int)Math.Max(0, line - 1))?.TrimEnd('\r');

    private static string? KeyOf(string? text)
    {
        var colon = text?.IndexOf(':') ?? -1;
        return colon > 0 ? text![..colon].Trim().TrimStart('-', ' ') : null;
    }

    private static AuditConfig ToConfig(ConfigFile f, string source, IReadOnlySet<string>? knownIds)
    {
        var defaults = AuditConfig.Default;
        var pp = f.PasswordPolicy;
        var policy = new PasswordPolicyRequirements
        {
            MinimumLength = Range(pp?.MinimumLength, "minimum_length", "password_policy.", source)
                ?? defaults.PasswordPolicy.MinimumLength,
            ReusePrevention = Range(pp?.ReusePrevention, "reuse_prevention", "password_policy.", source)
                ?? defaults.PasswordPolicy.ReusePrevention,
            RequireSymbols = pp?.RequireSymbols ?? true,
            RequireNumbers = pp?.RequireNumbers ?? true,
            RequireUppercase = pp?.RequireUppercase ?? true,
            RequireLowercase = pp?.RequireLowercase ?? true,
        };

        var regions = Regions(f.AllowedRegions, source) ?? defaults.AllowedRegions;
        var types = f.AllowedInstanceTypes ?? defaults.AllowedInstanceTypes;
        var unused = Range(f.UnusedCredentialDays, "unused_credential_days", "", source)
            ?? defaults.UnusedCredentialDays;
        var fix = FixConfigReader.Read(f.Fix, source) with
        {
            PasswordPolicy = policy,
            AllowedRegions = regions,
            AllowedInstanceTypes = types,
            UnusedCredentialDays = unused,
        };

        return defaults with
        {
            Fix = fix,
            PasswordPolicy = policy,
            UnusedCredentialDays = unused,
            KeyRotationDays = Range(f.KeyRotationDays, "key_rotation_days", "", source)
                ?? defaults.KeyRotationDays,
            SharedLoginNames = f.SharedLoginNames ?? defaults.SharedLoginNames,
            AllowedRegions = regions,
            AllowedInstanceTypes = types,
            SeverityOverrides = Overrides(f.SeverityOverrides, source, knownIds),
            Suppressions = Suppressions(f.Suppressions, source, knownIds),
        };
    }

    private static int? Range(int? value, string key, string parent, string source)
    {
        var (min, max) = Ranges[key];
        if (value is null || (value >= min && value <= max))
        {
            return value;
        }

        throw new UserErrorException($"{source}: {parent}{key} is {value}; it must be between {min} and {max}");
    }

    // A misspelt region in the list would become the only region the SCP allows, denying every real one.
    // TODO(config): take the region list from the SDK's endpoint data, so a new region needs no release.
    private static List<string>? Regions(List<string>? regions, string source)
    {
        foreach (var region in regions ?? [])
        {
            if (!AwsRegions.IsKnown(region))
            {
                throw new UserErrorException($"{source}: allowed_regions names '{region}', which is not an AWS "
                    + "region", "use region codes such as eu-west-1; a region newer than this awsharden needs an "
                    + "update");
            }
        }

        return regions;
    }

    /// <summary>Warnings about the config as of <paramref name="today"/>: suppressions that expired and no
    /// longer hide anything, so their owner renews or removes them.</summary>
    public static IEnumerable<string> Warnings(AuditConfig config, DateOnly today) =>
        config.Suppressions.Where(s => s.Expires < today).Select(s =>
            $"suppression of {s.CheckId}{(s.Resource == "*" ? "" : $" ({s.Resource})")} expired on "
            + $"{s.Expires:yyyy-MM-dd}; its findings are reported again: renew or remove it");

    private static Dictionary<string, Severity> Overrides(
        Dictionary<string, string>? raw, string source, IReadOnlySet<string>? knownIds)
    {
        var result = new Dictionary<string, Severity>(StringComparer.Ordinal);
        foreach (var (id, value) in raw ?? [])
        {
            RequireKnown(id, "severity_overrides", source, knownIds);
            if (!Enum.TryParse<Severity>(value, ignoreCase: true, out var severity) || int.TryParse(value, out _))
            {
                throw new UserErrorException(
                    $"{source}: severity_overrides.{id} is '{value}'; use critical, high, medium, low or info");
            }

            result[id] = severity;
        }

        return result;
    }

    private static List<Suppression> Suppressions(
        List<SuppressionEntry>? raw, string source, IReadOnlySet<string>? knownIds)
    {
        var result = new List<Suppression>();
        foreach (var (entry, index) in (raw ?? []).Select((e, i) => (e, i)))
        {
            var where = $"{source}: suppressions[{index}]";
            if (string.IsNullOrWhiteSpace(entry.Check))
            {
                throw new UserErrorException($"{where} has no 'check' (the check id to suppress)");
            }

            RequireKnown(entry.Check, "suppressions", source, knownIds);
            if (string.IsNullOrWhiteSpace(entry.Reason))
            {
                throw new UserErrorException($"{where} ({entry.Check}) has no 'reason'; every suppression needs one");
            }

            result.Add(new Suppression(entry.Check, entry.Resource ?? "*", entry.Reason, Expiry(entry, where)));
        }

        return result;
    }

    private static DateOnly? Expiry(SuppressionEntry entry, string where)
    {
        if (string.IsNullOrWhiteSpace(entry.Expires))
        {
            return null;
        }

        if (DateOnly.TryParseExact(entry.Expires, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None,
                out var date))
        {
            return date;
        }

        throw new UserErrorException($"{where} expires '{entry.Expires}' is not a date like 2027-01-31");
    }

    private static void RequireKnown(string id, string key, string source, IReadOnlySet<string>? knownIds)
    {
        if (knownIds is not null && !knownIds.Contains(id))
        {
            throw new UserErrorException($"{source}: {key} names unknown check '{id}'",
                "run 'awsharden checks' to list the check ids");
        }
    }

    // The YAML shapes; public setters because YamlDotNet fills them by reflection.
    private sealed class ConfigFile
    {
        public PasswordPolicyEntry? PasswordPolicy { get; set; }
        public int? UnusedCredentialDays { get; set; }
        public int? KeyRotationDays { get; set; }
        public List<string>? SharedLoginNames { get; set; }
        public List<string>? AllowedRegions { get; set; }
        public List<string>? AllowedInstanceTypes { get; set; }
        public Dictionary<string, string>? SeverityOverrides { get; set; }
        public List<SuppressionEntry>? Suppressions { get; set; }
        public FixConfigReader.FixEntry? Fix { get; set; }
    }

    private sealed class PasswordPolicyEntry
    {
        public int? MinimumLength { get; set; }
        public int? ReusePrevention { get; set; }
        public bool? RequireSymbols { get; set; }
        public bool? RequireNumbers { get; set; }
        public bool? RequireUppercase { get; set; }
        public bool? RequireLowercase { get; set; }
    }

    private sealed class SuppressionEntry
    {
        public string? Check { get; set; }
        public string? Resource { get; set; }
        public string? Reason { get; set; }
        public string? Expires { get; set; }
    }
}
