using System.Globalization;
using System.Net;

namespace AwsHarden.Policies;

/// <summary>A three-valued truth: conditions the evaluator cannot decide stay <see cref="Unknown"/> rather
/// than being guessed.</summary>
internal enum Truth
{
    False,
    True,
    Unknown,
}

/// <summary>Decides a statement's Condition element against a request context.</summary>
internal static class ConditionEvaluator
{
    /// <summary>ANDs all clauses: one False decides; otherwise one Unknown leaves the answer open.</summary>
    public static Truth Evaluate(IEnumerable<ConditionClause> clauses, RequestContext context, out string? why)
    {
        why = null;
        var result = Truth.True;
        foreach (var clause in clauses)
        {
            var truth = EvaluateClause(clause, context, out var clauseWhy);
            if (truth == Truth.False)
            {
                why = null;
                return Truth.False;
            }

            if (truth == Truth.Unknown)
            {
                result = Truth.Unknown;
                why ??= clauseWhy;
            }
        }

        return result;
    }

    private static Truth EvaluateClause(ConditionClause clause, RequestContext context, out string? why)
    {
        why = null;
        if (!clause.IsKnownOperator || clause.BaseOperator == "BinaryEquals")
        {
            // TODO(policies): BinaryEquals compares base64 blobs; no request context key carries one yet.
            why = $"condition operator {clause.Operator} is not supported";
            return Truth.Unknown;
        }

        if (clause.BaseOperator == "Null")
            return EvaluateNull(clause, context);

        if (!context.TryGet(clause.Key, out var requestValue))
            return Absent(clause);

        var values = ResolveValues(clause.Values, context);
        if (values is null)
        {
            why = $"a policy variable in {clause.Key} has no value in the request context";
            return Truth.Unknown;
        }

        // TODO(policies): multivalued keys (aws:TagKeys) need a list per key; a single value is a one-element set.
        var matched = MatchAny(clause.BaseOperator, values, requestValue);
        if (matched == Truth.Unknown)
        {
            why = $"{clause.Operator} cannot compare '{clause.Key}' values";
            return Truth.Unknown;
        }

        return clause.IsNegated ? Not(matched) : matched;
    }

    // IAM: an absent key fails a positive operator and satisfies a negated one, except for IfExists (always
    // satisfied) and the set operators (ForAllValues holds over an empty set, ForAnyValue does not).
    private static Truth Absent(ConditionClause clause)
    {
        if (clause.IfExists || clause.Qualifier == SetQualifier.ForAllValues)
            return Truth.True;
        if (clause.Qualifier == SetQualifier.ForAnyValue)
            return Truth.False;
        return clause.IsNegated ? Truth.True : Truth.False;
    }

    private static Truth EvaluateNull(ConditionClause clause, RequestContext context)
    {
        var present = context.TryGet(clause.Key, out _);
        var wantsAbsent = clause.Values.Any(v => v.Equals("true", StringComparison.OrdinalIgnoreCase));
        return wantsAbsent != present ? Truth.True : Truth.False;
    }

    private static List<string>? ResolveValues(IReadOnlyList<string> values, RequestContext context)
    {
        var resolved = new List<string>(values.Count);
        foreach (var value in values)
        {
            var substituted = PolicyVariables.Substitute(value, context);
            if (substituted is null)
                return null;
            resolved.Add(substituted);
        }

        return resolved;
    }

    private static Truth MatchAny(string op, List<string> policyValues, string requestValue)
    {
        var result = Truth.False;
        foreach (var policyValue in policyValues)
        {
            var one = MatchOne(op, policyValue, requestValue);
            if (one == Truth.True)
                return Truth.True;
            if (one == Truth.Unknown)
                result = Truth.Unknown;
        }

        return result;
    }

    private static Truth MatchOne(string op, string policy, string request) => op switch
    {
        "StringEquals" or "StringNotEquals" => Of(string.Equals(policy, request, StringComparison.Ordinal)),
        "StringEqualsIgnoreCase" or "StringNotEqualsIgnoreCase" =>
            Of(string.Equals(policy, request, StringComparison.OrdinalIgnoreCase)),
        "StringLike" or "StringNotLike" => Of(IamPattern.Glob(policy, request, ignoreCase: false)),
        "ArnEquals" or "ArnLike" or "ArnNotEquals" or "ArnNotLike" => Of(IamPattern.MatchesResource(policy, request)),
        "Bool" => Of(string.Equals(policy, request, StringComparison.OrdinalIgnoreCase)),
        "IpAddress" or "NotIpAddress" => InNetwork(policy, request),
        _ when op.StartsWith("Numeric", StringComparison.Ordinal) => CompareNumbers(op, policy, request),
        _ when op.StartsWith("Date", StringComparison.Ordinal) => CompareDates(op, policy, request),
        _ => Truth.Unknown,
    };

    private static Truth CompareNumbers(string op, string policy, string request)
    {
        const NumberStyles style = NumberStyles.Float;
        if (!decimal.TryParse(policy, style, CultureInfo.InvariantCulture, out var p)
            || !decimal.TryParse(request, style, CultureInfo.InvariantCulture, out var r))
            return Truth.Unknown;
        return Compare(op["Numeric".Length..], r.CompareTo(p));
    }

    private static Truth CompareDates(string op, string policy, string request)
    {
        if (!TryParseDate(policy, out var p) || !TryParseDate(request, out var r))
            return Truth.Unknown;
        return Compare(op["Date".Length..], r.CompareTo(p));
    }

    // Dates in policies are ISO 8601 or epoch seconds.
    private static bool TryParseDate(string text, out DateTimeOffset value)
    {
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var epoch))
        {
            value = DateTimeOffset.FromUnixTimeSeconds(epoch);
            return true;
        }

        const DateTimeStyles styles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, styles, out value);
    }

    // "NotEquals" is handled as Equals plus negation by the caller.
    private static Truth Compare(string relation, int sign) => relation switch
    {
        "Equals" or "NotEquals" => Of(sign == 0),
        "LessThan" => Of(sign < 0),
        "LessThanEquals" => Of(sign <= 0),
        "GreaterThan" => Of(sign > 0),
        "GreaterThanEquals" => Of(sign >= 0),
        _ => Truth.Unknown,
    };

    private static Truth InNetwork(string cidr, string address)
    {
        if (!IPAddress.TryParse(address, out var ip))
            return Truth.Unknown;
        if (IPNetwork.TryParse(cidr, out var network))
            return Of(network.Contains(ip));
        return IPAddress.TryParse(cidr, out var single) ? Of(single.Equals(ip)) : Truth.Unknown;
    }

    private static Truth Of(bool value) => value ? Truth.True : Truth.False;

    internal static Truth Not(Truth truth) => truth switch
    {
        Truth.True => Truth.False,
        Truth.False => Truth.True,
        _ => Truth.Unknown,
    };
}
