namespace AwsHarden.Policies;

/// <summary>The set operator prefix of a condition operator, for multivalued context keys.</summary>
public enum SetQualifier
{
    None,
    ForAllValues,
    ForAnyValue,
}

/// <summary>One operator/key pair of a Condition element, e.g. <c>StringNotEqualsIfExists</c> on
/// <c>aws:RequestedRegion</c> with its values. Blocks AND together; values of one clause OR together.</summary>
/// <param name="Operator">The operator as written, e.g. <c>ForAnyValue:StringNotLikeIfExists</c>.</param>
/// <param name="BaseOperator">The operator without set prefix and IfExists suffix, e.g. <c>StringNotLike</c>;
/// canonical spelling when known, as written otherwise.</param>
public sealed record ConditionClause(
    string Operator,
    string BaseOperator,
    SetQualifier Qualifier,
    bool IfExists,
    string Key,
    IReadOnlyList<string> Values)
{
    /// <summary>Operators IAM defines, in their canonical spelling (operators are case-insensitive).</summary>
    public static IReadOnlyList<string> KnownOperators { get; } =
    [
        "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase",
        "StringLike", "StringNotLike",
        "NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals",
        "NumericGreaterThan", "NumericGreaterThanEquals",
        "DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals",
        "DateGreaterThan", "DateGreaterThanEquals",
        "Bool", "BinaryEquals", "IpAddress", "NotIpAddress",
        "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike", "Null",
    ];

    /// <summary>True when IAM defines the base operator.</summary>
    public bool IsKnownOperator => KnownOperators.Contains(BaseOperator, StringComparer.Ordinal);

    /// <summary>True for the negated operators (StringNotEquals, ArnNotLike, NotIpAddress, ...), which hold when
    /// the key is absent from the request.</summary>
    public bool IsNegated => IsKnownOperator && BaseOperator.Contains("Not", StringComparison.Ordinal);

    /// <summary>Splits an operator such as <c>ForAnyValue:StringLikeIfExists</c> into its parts.</summary>
    public static (string BaseOperator, SetQualifier Qualifier, bool IfExists) SplitOperator(string op)
    {
        var qualifier = SetQualifier.None;
        var rest = op.Trim();
        var colon = rest.IndexOf(':');
        if (colon > 0)
        {
            var prefix = rest[..colon];
            qualifier = prefix.Equals("ForAllValues", StringComparison.OrdinalIgnoreCase) ? SetQualifier.ForAllValues
                : prefix.Equals("ForAnyValue", StringComparison.OrdinalIgnoreCase) ? SetQualifier.ForAnyValue
                : SetQualifier.None;
            if (qualifier != SetQualifier.None)
                rest = rest[(colon + 1)..];
        }

        // "Null" never takes IfExists; every other operator may.
        var ifExists = rest.Length > "IfExists".Length
            && rest.EndsWith("IfExists", StringComparison.OrdinalIgnoreCase);
        if (ifExists)
            rest = rest[..^"IfExists".Length];

        var canonical = KnownOperators.FirstOrDefault(k => k.Equals(rest, StringComparison.OrdinalIgnoreCase));
        return (canonical ?? rest, qualifier, ifExists);
    }
}
