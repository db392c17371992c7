using System.Globalization;
using AwsHarden.Model;

namespace AwsHarden.Remediation;

/// <summary>Small builders the fixes share, so every step is shaped the same way.</summary>
internal static class Steps
{
    /// <summary>The region of calls to global services whose endpoint lives in us-east-1.</summary>
    public const string Global = "us-east-1";

    public static ApiCall Call(string service, string operation, string? region,
        params (string Name, string Value)[] parameters) => new()
    {
        Service = service,
        Operation = operation,
        Region = region,
        Parameters = parameters.ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal),
    };

    public static ResourceState Absent(ResourceKey key) => new() { Key = key, Exists = false };

    public static ResourceState Present(ResourceKey key, params (string Name, string Value)[] attributes) => new()
    {
        Key = key,
        Exists = true,
        Attributes = attributes.ToDictionary(a => a.Name, a => a.Value, StringComparer.Ordinal),
    };

    public static string Bool(bool value) => value ? "true" : "false";

    public static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>An API step; its IAM actions are its calls', its undo calls' and the extra ones given.</summary>
    public static PlanStep Api(string title, string[] checkIds, IReadOnlyList<ApiCall> calls,
        ResourceState? prior, ResourceState target, IReadOnlyList<ApiCall> undo, string undoText,
        string reason, IEnumerable<string> readActions, string? cost = null) => new()
    {
        Id = "",
        Title = title,
        Kind = PlanStepKind.Api,
        Calls = calls,
        IamActions = calls.Concat(undo).Select(c => c.IamAction).Concat(readActions).Distinct().ToList(),
        ExpectedPrior = prior,
        Target = target,
        UndoCalls = undo,
        Undo = undoText,
        Reason = reason,
        CheckIds = checkIds,
        Cost = cost,
    };

    public static PlanStep Manual(string title, string[] checkIds, string what, string consoleUrl,
        IReadOnlyList<string>? iamActions = null) => new()
    {
        Id = "",
        Title = title,
        Kind = PlanStepKind.Manual,
        Reason = what,
        ConsoleUrl = consoleUrl,
        CheckIds = checkIds,
        IamActions = iamActions ?? [],
        Undo = "Nothing to undo automatically: a person makes this change.",
    };
}
