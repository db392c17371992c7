using AwsHarden.Config;
using AwsHarden.Model;

namespace AwsHarden.Tests.Config;

public class FixConfigTests
{
    [Fact]
    public void Parse_FixSection_IsRead()
    {
        const string yaml = """
            allowed_regions: [eu-west-1]
            fix:
              alert_email: ops@example.com
              anomaly_threshold_usd: 35
              billing_alarm_usd: 120.5
              trail_read_write: true
              enforce_mfa_policy: true
              alternate_contacts:
                security: { name: Sec Team, title: CISO, email: sec@example.com, phone: "+1-555-0100" }
            """;

        var fix = AuditConfigLoader.Parse(yaml, "awsharden.yaml").Fix;

        Assert.Equal("ops@example.com", fix.AlertEmail);
        Assert.Equal(35, fix.AnomalyThresholdUsd);
        Assert.Equal(120.5, fix.BillingAlarmUsd);
        Assert.True(fix.TrailReadWrite);
        Assert.True(fix.EnforceMfaPolicy);
        Assert.Empty(fix.AlternateContacts["SECURITY"].MissingKeys());
        Assert.Equal(["eu-west-1"], fix.AllowedRegions);
    }

    [Fact]
    public void Parse_NoFixSection_GivesDefaults()
    {
        var fix = AuditConfigLoader.Parse("unused_credential_days: 30\n").Fix;

        Assert.False(fix.EnforceMfaPolicy);
        Assert.False(fix.TrailReadWrite);
        Assert.Null(fix.AlertEmail);
        Assert.Equal(30, fix.UnusedCredentialDays);
    }

    [Theory]
    [InlineData("fix:\n  alert_email: nobody\n", "fix.alert_email")]
    [InlineData("fix:\n  billing_alarm_usd: -5\n", "fix.billing_alarm_usd")]
    [InlineData("fix:\n  alternate_contacts:\n    finance: { name: x }\n", "fix.alternate_contacts.finance")]
    [InlineData("fix:\n  sns_topic_arn: alerts\n", "fix.sns_topic_arn")]
    public void Parse_BadFixValue_NamesTheKey(string yaml, string key)
    {
        var error = Assert.Throws<UserErrorException>(() => AuditConfigLoader.Parse(yaml, "awsharden.yaml"));

        Assert.Contains(key, error.Message);
    }
}
