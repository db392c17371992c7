using AwsHarden.Model;

namespace AwsHarden.Remediation;

/// <summary>Compares a live state with an expected one, looking only at what the expected state lists.</summary>
public static class StateMatch
{
    /// <summary>The differences, one readable line each; empty when the live state matches.</summary>
    public static IReadOnlyList<string> Differences(ResourceState expected, ResourceState live)
    {
        if (expected.Exists != live.Exists)
            return [expected.Exists ? $"{expected.Key} does not exist" : $"{expected.Key} already exists"];
        if (!expected.Exists)
            return [];

        var result = new List<string>();
        foreach (var (name, want) in expected.Attributes)
        {
            var found = live.Attributes.GetValueOrDefault(name);
            if (!string.Equals(want, found, StringComparison.Ordinal))
                result.Add($"{expected.Key}: {name} expected '{want}', found '{found ?? "(none)"}'");
        }

        return result;
    }

    public static bool Matches(ResourceState expected, ResourceState live) => Differences(expected, live).Count == 0;
}
