using System.ComponentModel;
using AwsHarden.Model;
using Spectre.Console.Cli;

namespace AwsHarden.Cli.Commands;

/// <summary>Options shared by every command that talks to AWS.</summary>
public class AwsSettings : CommandSettings
{
    [CommandOption("--profile <NAME>")]
    [Description("Profile from ~/.aws/config or ~/.aws/credentials (SSO, assume-role and credential_process work)")]
    public string? Profile { get; init; }

    [CommandOption("--region <REGION>")]
    [Description("Home region for global calls (default: AWS_REGION, the profile's region, else us-east-1)")]
    public string? Region { get; init; }
}

/// <summary>Options of commands that collect from every region.</summary>
public class CollectSettings : AwsSettings
{
    [CommandOption("--regions <LIST>")]
    [Description("'all' (every region enabled for the account, the default) or a comma-separated list")]
    public string? Regions { get; init; }

    /// <summary>The regions asked for, or null for every enabled region.</summary>
    public IReadOnlyList<string>? RegionList()
    {
        if (string.IsNullOrWhiteSpace(Regions) || Regions.Trim().Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var list = Regions.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var region in list)
        {
            if (!System.Text.RegularExpressions.Regex.IsMatch(region, "^[a-z]{2}(-[a-z]+)+-[0-9]+$"))
            {
                throw new UserErrorException($"--regions: '{region}' is not a region name",
                    "use names like eu-west-1, or 'all'");
            }
        }

        return list;
    }
}
