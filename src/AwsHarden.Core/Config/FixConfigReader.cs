using AwsHarden.Model;

namespace AwsHarden.Config;

/// <summary>Turns the <c>fix:</c> section of awsharden.yaml into a <see cref="FixConfig"/>, naming the key at
/// fault in every error.</summary>
internal static class FixConfigReader
{
    private static readonly string[] ContactTypes = ["billing", "operations", "security"];

    public static FixConfig Read(FixEntry? entry, string source)
    {
        if (entry is null)
            return FixConfig.Default;

        var defaults = FixConfig.Default;
        return defaults with
        {
            AlertEmail = Email(entry.AlertEmail, "fix.alert_email", source),
            SnsTopicArn = TopicArn(entry.SnsTopicArn, source),
            AnomalyThresholdUsd = Amount(entry.AnomalyThresholdUsd, "fix.anomaly_threshold_usd", source)
                ?? defaults.AnomalyThresholdUsd,
            BillingAlarmUsd = Amount(entry.BillingAlarmUsd, "fix.billing_alarm_usd", source)
                ?? defaults.BillingAlarmUsd,
            TrailReadWrite = entry.TrailReadWrite ?? defaults.TrailReadWrite,
            TrailName = string.IsNullOrWhiteSpace(entry.TrailName) ? defaults.TrailName : entry.TrailName,
            LogBucketName = string.IsNullOrWhiteSpace(entry.LogBucket) ? null : entry.LogBucket,
            AlternateContacts = Contacts(entry.AlternateContacts, source),
            ScpExemptPrincipals = entry.ScpExemptPrincipals ?? [],
            EnforceMfaPolicy = entry.EnforceMfaPolicy ?? false,
        };
    }

    private static string? Email(string? value, string key, string source)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Contains('@', StringComparison.Ordinal))
            return string.IsNullOrWhiteSpace(value) ? null : value.Trim();

        throw new UserErrorException($"{source}: {key} is '{value}', which is not an e-mail address");
    }

    private static string? TopicArn(string? value, string source)
    {
        if (string.IsNullOrWhiteSpace(value) || value.StartsWith("arn:", StringComparison.Ordinal)
            && value.Contains(":sns:", StringComparison.Ordinal))
            return string.IsNullOrWhiteSpace(value) ? null : value.Trim();

        throw new UserErrorException($"{source}: fix.sns_topic_arn is '{value}', which is not an SNS topic ARN",
            "use the form arn:aws:sns:us-east-1:111122223333:alerts");
    }

    private static double? Amount(double? value, string key, string source)
    {
        if (value is null || value > 0 && value < 1_000_000)
            return value;

        throw new UserErrorException($"{source}: {key} is {value}; it must be a positive amount in USD");
    }

    private static Dictionary<string, ContactValues> Contacts(
        Dictionary<string, ContactEntry>? raw, string source)
    {
        var result = new Dictionary<string, ContactValues>(StringComparer.Ordinal);
        foreach (var (type, contact) in raw ?? [])
        {
            if (!ContactTypes.Contains(type, StringComparer.OrdinalIgnoreCase))
            {
                throw new UserErrorException(
                    $"{source}: fix.alternate_contacts.{type} is not a contact type; use billing, operations "
                    + "or security");
            }

            var email = Email(contact.Email, $"fix.alternate_contacts.{type}.email", source);
            result[type.ToUpperInvariant()] = new ContactValues(contact.Name, contact.Title, email, contact.Phone);
        }

        return result;
    }

    // The YAML shapes; public setters because YamlDotNet fills them by reflection.
    internal sealed class FixEntry
    {
        public string? AlertEmail { get; set; }
        public string? SnsTopicArn { get; set; }
        public double? AnomalyThresholdUsd { get; set; }
        public double? BillingAlarmUsd { get; set; }
        public bool? TrailReadWrite { get; set; }
        public string? TrailName { get; set; }
        public string? LogBucket { get; set; }
        public Dictionary<string, ContactEntry>? AlternateContacts { get; set; }
        public List<string>? ScpExemptPrincipals { get; set; }
        public bool? EnforceMfaPolicy { get; set; }
    }

    internal sealed class ContactEntry
    {
        public string? Name { get; set; }
        public string? Title { get; set; }
        public string? Email { get; set; }
        public string? Phone { get; set; }
    }
}
