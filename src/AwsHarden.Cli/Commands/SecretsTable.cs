using System.Globalization;
using AwsHarden.Secrets;
using Spectre.Console;

namespace AwsHarden.Cli.Commands;

/// <summary>Renders secrets findings as a table: one row per location, secrets redacted.</summary>
public static class SecretsTable
{
    /// <param name="unreadable">How many paths could not be read: then "none found" is no clean result.</param>
    public static void Render(IAnsiConsole console, IReadOnlyList<LeakedKeyFinding> findings,
        IReadOnlyList<BucketExposure> buckets, int unreadable = 0)
    {
        foreach (var bucket in buckets)
            console.MarkupLineInterpolated($"Bucket {bucket.Bucket}: {Describe(bucket.Public)} ({bucket.Evidence})");

        if (findings.Count == 0)
        {
            console.WriteLine(unreadable == 0
                ? "No leaked AWS keys found."
                : string.Create(CultureInfo.InvariantCulture,
                    $"No leaked AWS keys found in what could be read; {unreadable} could not be read (see stderr)."));
            return;
        }

        var history = findings.Any(f => f.Locations.Any(l => l.Commit is not null));
        console.Write(BuildTable(findings, history));
        foreach (var finding in findings.Where(f => f.Owner is not null))
            console.WriteLine(
                $"{finding.KeyId} belongs to the audited account{OwnerText(finding.Owner!)}. "
                + $"Next: {finding.InvestigateCommand}");
    }

    private static Table BuildTable(IReadOnlyList<LeakedKeyFinding> findings, bool history)
    {
        var table = new Table().AddColumns("Severity", "Key id", "Account", "Secret", "Location");
        if (history)
            table.AddColumns("Commit", "Author date", "In HEAD");
        table.AddColumn("Verified");

        foreach (var finding in findings)
            foreach (var location in finding.Locations)
                table.AddRow(Row(finding, location, history).Select(c => Markup.Escape(c)).ToArray());
        return table;
    }

    private static IEnumerable<string> Row(LeakedKeyFinding finding, SecretLocation location, bool history)
    {
        yield return finding.SeverityAt(location).ToString();
        yield return finding.KeyId;
        yield return finding.AccountId ?? "unknown";
        yield return finding.HasSecretAt(location) ? finding.Secret!.Redacted
            : finding.HasSecret ? "(not here)" : "(none)";
        yield return $"{Printable(location.Shown)}:{location.Line}";
        if (history)
        {
            yield return location.Commit?[..Math.Min(12, location.Commit.Length)] ?? "";
            yield return location.AuthorDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";
            yield return location.StillPresent switch { true => "yes", false => "no", null => "" };
        }
        yield return finding.Verification is { } v ? $"{v.Status}{(v.Arn is null ? "" : $" {v.Arn}")}" : "not asked";
    }

    /// <summary>Control characters (a newline in a file name) as C escapes, so a row stays one line.</summary>
    private static string Printable(string path)
    {
        if (!path.Any(char.IsControl))
            return path;
        var text = new System.Text.StringBuilder(path.Length + 8);
        foreach (var c in path)
            text.Append(c switch
            {
                '\n' => "\\n",
                '\t' => "\\t",
                '\r' => "\\r",
                _ when char.IsControl(c) => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
        return text.ToString();
    }

    private static string OwnerText(KeyOwner owner) => owner.UserName is null ? "" : $" (user {owner.UserName})";

    private static string Describe(PublicAccess access) => access switch
    {
        PublicAccess.Public => "PUBLIC",
        PublicAccess.NotPublic => "not public",
        _ => "public access unknown",
    };
}
