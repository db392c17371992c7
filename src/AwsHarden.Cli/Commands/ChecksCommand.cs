using AwsHarden.Audit;
using AwsHarden.Cli.Rendering;
using Spectre.Console;
using Spectre.Console.Cli;

namespace AwsHarden.Cli.Commands;

/// <summary><c>awsharden checks</c>: the catalogue of checks with their ids, for config and suppressions.</summary>
public sealed class ChecksCommand : Command
{
    public override int Execute(CommandContext context, CancellationToken ct)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("Id").AddColumn("Severity").AddColumn("Section").AddColumn("Title");
        foreach (var m in CheckCatalog.All.Select(c => c.Metadata))
        {
            table.AddRow(Markup.Escape(m.Id), m.Severity.ToString(), m.Section.ToString(), Markup.Escape(m.Title));
        }

        Consoles.Out.Write(table);
        return ExitCodes.Ok;
    }
}
