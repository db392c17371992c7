using AwsHarden.Aws;
using AwsHarden.Cli.Rendering;
using Spectre.Console;
using Spectre.Console.Cli;

namespace AwsHarden.Cli.Commands;

/// <summary><c>awsharden whoami</c>: which account and principal the credentials reach, and their source.</summary>
public sealed class WhoamiCommand : AsyncCommand<AwsSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, AwsSettings settings, CancellationToken ct)
    {
        var session = await AwsSession.CreateAsync(new AwsSessionOptions(settings.Profile, settings.Region), ct);
        var identity = await session.GetCallerIdentityAsync(ct);

        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("Account", Markup.Escape(identity.Account));
        grid.AddRow("Partition", Markup.Escape(identity.Partition));
        grid.AddRow("Caller", Markup.Escape(identity.Arn));
        grid.AddRow("Credentials", Markup.Escape(session.CredentialSource));
        grid.AddRow("Home region", Markup.Escape(session.HomeRegion));
        Consoles.Out.Write(grid);
        return ExitCodes.Ok;
    }
}
