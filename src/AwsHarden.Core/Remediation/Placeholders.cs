using System.Text.RegularExpressions;
using AwsHarden.Model;

namespace AwsHarden.Remediation;

/// <summary>Fills the placeholders a call's parameters may hold: <c>{{prior.Name}}</c> and
/// <c>{{after.Name}}</c> from the journal's recorded states, and <c>{{ref:Type|Id|Region|Name}}</c> from the
/// live state of another resource (e.g. the ARN of a monitor an earlier step created).</summary>
public static partial class Placeholders
{
    [GeneratedRegex(@"\{\{(?<source>prior|after|ref:[^}]*)\.?(?<name>[A-Za-z0-9]*)\}\}")]
    private static partial Regex Pattern();

    /// <summary>A reference to an attribute of another resource, resolved at apply time.</summary>
    public static string Ref(ResourceKey key, string attribute) =>
        $"{{{{ref:{key.Type}|{key.Id}|{key.Region}|{attribute}}}}}";

    public static string Prior(string attribute) => $"{{{{prior.{attribute}}}}}";

    public static string After(string attribute) => $"{{{{after.{attribute}}}}}";

    /// <summary>True when a value still holds a placeholder of any kind.</summary>
    public static bool HasAny(string value) => Pattern().IsMatch(value);

    /// <summary>Fills prior/after placeholders. A parameter that is only a placeholder whose attribute was
    /// not recorded is dropped (the prior state simply had no such value); <c>ref</c> ones are left.</summary>
    public static ApiCall FillRecorded(ApiCall call, ResourceState? prior, ResourceState? after)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in call.Parameters)
        {
            var missing = false;
            var filled = Pattern().Replace(value, m =>
            {
                var state = m.Groups["source"].Value switch { "prior" => prior, "after" => after, _ => null };
                if (m.Groups["source"].Value.StartsWith("ref:", StringComparison.Ordinal))
                    return m.Value;
                var found = state?.Attributes.GetValueOrDefault(m.Groups["name"].Value);
                missing |= found is null;
                return found ?? "";
            });
            if (!missing)
                parameters[name] = filled;
            else if (!Pattern().Replace(value, "").Trim().Equals("", StringComparison.Ordinal))
                throw new StepFailedException($"{call.IamAction}: parameter {name} needs a value not recorded");
        }

        return call with { Parameters = parameters };
    }

    /// <summary>Fills every placeholder, reading referenced resources through the executor.</summary>
    public static async Task<ApiCall> FillAsync(ApiCall call, ResourceState? prior, ResourceState? after,
        IStepExecutor executor, CancellationToken cancellationToken)
    {
        var recorded = FillRecorded(call, prior, after);
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in recorded.Parameters)
            parameters[name] = await FillRefsAsync(value, executor, cancellationToken);
        return recorded with { Parameters = parameters };
    }

    private static async Task<string> FillRefsAsync(string value, IStepExecutor executor, CancellationToken ct)
    {
        foreach (Match match in Pattern().Matches(value))
        {
            var parts = match.Groups["source"].Value["ref:".Length..].Split('|');
            var key = new ResourceKey(parts[0], parts[1], parts[2].Length == 0 ? null : parts[2]);
            var state = await executor.ReadStateAsync(key, ct);
            var found = state.Attributes.GetValueOrDefault(parts[3])
                ?? throw new StepFailedException($"{key} has no {parts[3]}; the step that makes it has not run");
            value = value.Replace(match.Value, found, StringComparison.Ordinal);
        }

        return value;
    }
}
