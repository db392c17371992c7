using System.ComponentModel;
using AwsHarden.Model;
using AwsHarden.Remediation;
using Spectre.Console.Cli;

namespace AwsHarden.Cli.Commands;

/// <summary><c>awsharden iam-policy audit|fix|incident|secrets|all|revert</c>: the least-privilege policy the tool
/// needs.</summary>
public sealed class IamPolicyCommand : Command<IamPolicyCommand.Settings>
{
    private readonly IamPolicyBuilder builder = new(() => AwsHarden.Audit.Collect.Collector.RequiredActions);

    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<SCOPE>")]
        [Description("audit, fix, incident, secrets, all, or revert (deletions, to grant only for a revert).")]
        public string Scope { get; init; } = "";
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (!Enum.TryParse<IamPolicyScope>(settings.Scope, ignoreCase: true, out var scope)
            || int.TryParse(settings.Scope, out _))
        {
            throw new UserErrorException($"'{settings.Scope}' is not a policy scope",
                "use audit, fix, incident, secrets, all or revert");
        }

        Console.Out.WriteLine(builder.Build(scope));
        return 0;
    }
}
