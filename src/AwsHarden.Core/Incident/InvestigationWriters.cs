using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using AwsHarden.Model;

namespace AwsHarden.Incident;

/// <summary>Writes an <see cref="InvestigationReport"/> as JSON: the lineage, timeline, plans, read summary.</summary>
public static class InvestigationJsonWriter
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Write(InvestigationReport report) => JsonSerializer.Serialize(Shape(report), Options);

    /// <summary>Writes the report as it is serialised, so a spilled timeline is never held whole.</summary>
    public static Task WriteAsync(InvestigationReport report, Stream output, CancellationToken ct = default) =>
        JsonSerializer.SerializeAsync(output, Shape(report), Options, ct);

    // The derivation event is shown by reference (its id and name), not whole, to keep the file readable.
    private static object Shape(InvestigationReport r) => new
    {
        r.Complete, r.Warnings, r.Seeds, r.Since, r.Until,
        Lineage = r.Lineage.Select(n => new
        {
            n.Id, n.Kind, n.ParentId, n.Owner, n.IsSeed, n.IssuedByRoot,
            DerivedBy = n.DerivedBy is { } e ? new { e.EventName, e.EventTime, e.EventId } : null,
        }),
        r.Credentials, r.Timeline, r.SecretsRead, r.Context, r.Containment, r.Revert, r.Read,
    };
}

/// <summary>Writes an <see cref="InvestigationReport"/> as Markdown, to attach to an AWS Support case.</summary>
public static class InvestigationMarkdownWriter
{
    public static string Write(InvestigationReport r)
    {
        using var text = new StringWriter();
        Write(r, text);
        return text.ToString();
    }

    /// <summary>Writes the report section by section, so a spilled timeline is never held whole.</summary>
    public static void Write(InvestigationReport r, TextWriter output)
    {
        var md = new StringBuilder();
        md.AppendLine("# Incident investigation").AppendLine();
        foreach (var w in r.Warnings) md.AppendLine($"> **Warning:** {LogText.Markdown(w)}").AppendLine();
        md.AppendLine($"Starting credentials: {LogText.Markdown(string.Join(", ", Seeds(r.Seeds)))}  ");
        var (since, until) = (r.Since?.ToString("u") ?? "start of logs", r.Until?.ToString("u") ?? "end of logs");
        md.AppendLine($"Window: {since} to {until}  ");
        md.AppendLine($"Read: {r.Read.FilesRead} files, {r.Read.EventsRead} events, {r.Read.BrokenFiles.Count} broken, "
            + $"{r.Read.DigestFilesSkipped} digest, {r.Read.InsightsFilesSkipped} Insights and "
            + $"{r.Read.OtherFilesSkipped} other (not CloudTrail) files skipped, "
            + $"{r.Read.DuplicateEventsIgnored} duplicate events ignored.");
        foreach (var b in r.Read.BrokenFiles)
        {
            md.AppendLine($"- broken: {LogText.Code(b.Path)}: {LogText.Markdown(b.Reason)}");
        }

        Lineage(md, r);
        Credentials(md, r);
        Timeline(md, r, output);
        Secrets(md, r);
        if (r.Context is { } context) AccountContextMarkdown.Write(md, context);
        PlanSection(md, r.Containment);
        PlanSection(md, r.Revert);
        output.Write(md);
    }

    /// <summary>The starting points as short labels.</summary>
    public static IEnumerable<string> Seeds(LineageSeeds s) =>
        [.. s.AccessKeyIds, .. s.UserName is null ? [] : new[] { "user " + s.UserName },
            .. s.RoleArn is null ? [] : new[] { "role " + s.RoleArn }];

    private static void Lineage(StringBuilder md, InvestigationReport r)
    {
        md.AppendLine().AppendLine("## Credential lineage").AppendLine();
        void Walk(string? parent, int depth)
        {
            foreach (var n in r.Lineage.Where(n => n.ParentId == parent))
            {
                md.AppendLine($"{new string(' ', depth * 2)}- {Describe(n, LogText.Code)}");
                Walk(n.Id, depth + 1);
            }
        }
        Walk(null, 0);
    }

    /// <summary>One node in a line: kind, id, owner and the event that made it; <paramref name="quote"/>
    /// makes the log-derived names safe for the output.</summary>
    public static string Describe(LineageNode n, Func<string, string> quote)
    {
        var text = $"{n.Kind} {quote(n.Id)}";
        if (n.Owner is { } owner && owner != n.Id && !n.Id.EndsWith("/" + owner, StringComparison.Ordinal))
        {
            text += $" as {quote(owner)}";
        }
        if (n.DerivedBy is { } e) text += $" — {e.EventName} at {e.EventTime:u}";
        // A leaked temporary key's issuer is outside the lineage: say who made the STS call.
        if (n is { IsSeed: true, DerivedBy.UserIdentity: { } issuer })
        {
            text += $" by {quote(issuer.Arn ?? issuer.InvokedBy ?? issuer.Type ?? "?")}";
        }
        if (n.IsSeed) text += " (starting point)";
        if (n.IssuedByRoot) text += " (issued by root)";
        return text;
    }

    private static void Credentials(StringBuilder md, InvestigationReport r)
    {
        md.AppendLine().AppendLine("## Use per credential").AppendLine();
        md.AppendLine("| credential | events | first use | last use | source IPs | regions | user agents |");
        md.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var c in r.Credentials)
        {
            md.AppendLine($"| {LogText.Code(c.Credential, true)} | {c.EventCount} | {c.FirstUse:u} | {c.LastUse:u} | "
                + $"{Cell(c.SourceIpAddresses)} | {Cell(c.Regions)} | {Cell(c.UserAgents)} |");
        }
    }

    private static void Timeline(StringBuilder md, InvestigationReport r, TextWriter output)
    {
        var counts = r.Timeline.CountBy(t => t.Category).ToDictionary();
        foreach (var category in Enum.GetValues<ActionCategory>())
        {
            var count = counts.GetValueOrDefault(category);
            md.AppendLine().AppendLine($"## {Title(category)} ({count})").AppendLine();
            if (count == 0) continue;

            md.AppendLine("| time | credential | event | region | source IP | target | error |");
            md.AppendLine("|---|---|---|---|---|---|---|");
            foreach (var t in r.Actions(category))
            {
                md.AppendLine($"| {t.Time:u} | {LogText.Code(t.Credential, true)} | "
                    + $"{Escape(Source(t.EventSource) + ":" + t.EventName)} | {Escape(t.Region)} | "
                    + $"{Escape(t.SourceIpAddress)} | {Escape(t.Target)} | {Escape(t.ErrorCode)} |");
                if (md.Length < 64 * 1024) continue;
                output.Write(md);
                md.Clear();
            }
        }
    }

    public static string Title(ActionCategory c) => c switch
    {
        ActionCategory.Write => "Writes",
        ActionCategory.Read => "Reads",
        ActionCategory.SecretRead => "Reads of secrets",
        ActionCategory.Failed => "Failed attempts",
        _ => "Console sign-ins",
    };

    private static void Secrets(StringBuilder md, InvestigationReport r)
    {
        md.AppendLine().AppendLine("## Secrets to rotate").AppendLine();
        foreach (var g in SecretGroups.Of(r.SecretsRead))
        {
            md.AppendLine(g.IsBucket
                ? $"- {g.Count} objects of bucket {LogText.Code(g.Name)} (read {g.First:u} to {g.Last:u}"
                    + (g.CommonPrefix is { Length: > 0 } p ? $", under {LogText.Code(p)}" : "") + ")"
                : $"- {g.Kind} {LogText.Code(g.Name)} (read {g.First:u})");
        }
    }

    private static void PlanSection(StringBuilder md, Plan plan)
    {
        md.AppendLine().AppendLine($"## Plan: {plan.Title}").AppendLine();
        foreach (var s in plan.Steps)
        {
            md.AppendLine($"{s.Id}. **{s.Kind}** {Escape(s.Title)}");
            foreach (var c in s.Calls)
            {
                var args = string.Join(" ", c.Parameters.Select(p => $"{p.Key}={p.Value}"));
                var region = c.Region is null ? "" : $"in {LogText.Markdown(c.Region)} ";
                md.AppendLine($"   - `{c.Service}:{c.Operation}` {region}{LogText.Code(args)}");
            }
            if (s.Reason is { } reason) md.AppendLine($"   - why: {Escape(reason)}");
            if (s.Undo is { } undo) md.AppendLine($"   - undo: {Escape(undo)}");
        }
        md.AppendLine().AppendLine("Assumptions:");
        foreach (var a in plan.Assumptions) md.AppendLine($"- {LogText.Markdown(a)}");
    }

    private static string Source(string eventSource) => eventSource.Replace(".amazonaws.com", "");

    private static string Cell(IReadOnlyList<string> values) => Escape(string.Join(", ", values));

    private static string Escape(string? text) => LogText.Markdown(text ?? "");
}

/// <summary>
/// Makes text from the logs safe to show: user agents, request parameters and names are chosen by whoever
/// holds the key, and CloudTrail logs failed calls too, so any string can be planted in them.
/// </summary>
public static class LogText
{
    /// <summary>Control characters (escape sequences, newlines) as C escapes, so a terminal shows them and a
    /// row stays one line.</summary>
    public static string Printable(string text)
    {
        if (!text.Any(IsUnsafe)) return text;
        var safe = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            safe.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when IsUnsafe(c) => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
        }
        return safe.ToString();
    }

    // C0, DEL and C1 controls, and the bidirectional overrides that reorder what a terminal shows.
    private static bool IsUnsafe(char c) => char.IsControl(c) || c is >= '\u202a' and <= '\u202e'
        or >= '\u2066' and <= '\u2069';

    /// <summary>Plain Markdown text: printable, with every character Markdown or HTML gives a meaning
    /// backslash-escaped, so it can add no link, heading, table cell or tag.</summary>
    public static string Markdown(string text)
    {
        var printable = Printable(text);
        var safe = new StringBuilder(printable.Length + 8);
        foreach (var c in printable)
        {
            if ("\\`*_[]<>|~&".Contains(c)) safe.Append('\\');
            safe.Append(c);
        }
        return safe.ToString();
    }

    /// <summary>A Markdown code span: fenced by more backticks than any run inside, printable; in a table
    /// cell pipes are escaped too, as GitHub's tables split on them even inside code.</summary>
    public static string Code(string text, bool inTable)
    {
        var printable = Printable(text);
        if (inTable) printable = printable.Replace("|", "\\|");
        var longest = 0;
        for (int i = 0, run = 0; i < printable.Length; i++)
        {
            run = printable[i] == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }
        var fence = new string('`', longest + 1);
        var pad = printable.StartsWith('`') || printable.EndsWith('`') ? " " : "";
        return fence + pad + printable + pad + fence;
    }

    /// <summary>A code span outside a table.</summary>
    public static string Code(string text) => Code(text, false);
}
