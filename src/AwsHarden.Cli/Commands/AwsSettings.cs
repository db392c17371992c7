using System.ComponentModel;
using AwsHarden.Model;
using Spectre.Console;
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

    public override ValidationResult Validate() =>
        Region is not null && !RegionName.IsValid(Region)
            ? ValidationResult.Error($"--region: '{Region}' is not a region name; use one like eu-west-1")
            : ValidationResult.Success();
}

/// <summary>The shape of an AWS region name (eu-west-1, us-gov-west-1, cn-north-1).</summary>
public static class RegionName
{
    public static bool IsValid(string name) =>
        System.Text.RegularExpressions.Regex.IsMatch(name, "^[a-z]{2}(-[a-z]+)+-[0-9]+$");

    /// <summary>Spectre gives an option written without its value this internal name.</summary>
    public static bool IsMissingValue(string? value) => value is "__default_command";
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
        if (Regions is null || Regions.Trim().Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(Regions.Replace(',', ' ')))
        {
            throw new UserErrorException("--regions is empty", "give 'all' or names like eu-west-1,us-east-1");
        }

        var list = Regions.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var region in list)
        {
            if (!RegionName.IsValid(region))
            {
                throw new UserErrorException($"--regions: '{region}' is not a region name",
                    "use names like eu-west-1, or 'all'");
            }
        }

        return list;
    }
}
