using AwsHarden.Config;
using AwsHarden.Model;

namespace AwsHarden.Tests.Config;

public class AuditConfigLoaderTests
{
    private static readonly HashSet<string> Known = ["iam.password-policy", "iam.root-mfa"];

    [Fact]
    public void Parse_Empty_GivesDefaults()
    {
        var config = AuditConfigLoader.Parse("");

        Assert.Equal(AuditConfig.Default.UnusedCredentialDays, config.UnusedCredentialDays);
        Assert.Equal(14, config.PasswordPolicy.MinimumLength);
    }

    [Fact]
    public void Parse_AllKeys_AreRead()
    {
        const string yaml = """
            password_policy:
              minimum_length: 16
              reuse_prevention: 12
              require_symbols: false
            unused_credential_days: 30
            key_rotation_days: 60
            shared_login_names: [ops, shared]
            allowed_regions: [eu-west-1]
            allowed_instance_types: ["t3.*"]
            severity_overrides:
              iam.root-mfa: medium
            suppressions:
              - check: iam.password-policy
                resource: "*"
                reason: SSO only, no IAM passwords
                expires: 2027-06-30
            """;

        var config = AuditConfigLoader.Parse(yaml, "awsharden.yaml", Known);

        Assert.Equal(16, config.PasswordPolicy.MinimumLength);
        Assert.Equal(12, config.PasswordPolicy.ReusePrevention);
        Assert.False(config.PasswordPolicy.RequireSymbols);
        Assert.True(config.PasswordPolicy.RequireNumbers);
        Assert.Equal(30, config.UnusedCredentialDays);
        Assert.Equal(60, config.KeyRotationDays);
        Assert.Equal(["ops", "shared"], config.SharedLoginNames);
        Assert.Equal(["eu-west-1"], config.AllowedRegions);
        Assert.Equal(Severity.Medium, config.SeverityOverrides["iam.root-mfa"]);
        var suppression = Assert.Single(config.Suppressions);
        Assert.Equal(new DateOnly(2027, 6, 30), suppression.Expires);
        Assert.Equal("SSO only, no IAM passwords", suppression.Reason);
    }

    [Theory]
    [InlineData("unused_credential_days: 45\nbogus: 1\n", "awsharden.yaml:2: unknown key bogus")]
    [InlineData("unused_credential_days: [1, 2]\n", "awsharden.yaml:1:")]
    [InlineData("unused_credential_days: -3\n", "unused_credential_days is -3")]
    [InlineData("severity_overrides:\n  iam.root-mfa: dire\n", "'dire'")]
    [InlineData("severity_overrides:\n  no.such-check: low\n", "unknown check 'no.such-check'")]
    [InlineData("suppressions:\n  - check: iam.root-mfa\n", "has no 'reason'")]
    [InlineData("suppressions:\n  - check: iam.root-mfa\n    reason: x\n    expires: soon\n", "'soon'")]
    [InlineData("password_policy: [\n", "awsharden.yaml:")]
    [InlineData("unused_credential_days: abc\n", "'unused_credential_days' must be a whole number")]
    [InlineData("unused_credential_days: 99999999999\n",
        "unused_credential_days is 99999999999; it must be between 1 and 3650")]
    [InlineData("shared_login_names: 5\n", "'shared_login_names' must be a list")]
    [InlineData("password_policy: 3\n", "'password_policy' must be a map")]
    [InlineData("password_policy:\n  require_symbols: maybe\n", "yaml:2: 'require_symbols' must be true or false")]
    public void Parse_Invalid_ThrowsUserErrorNamingTheProblem(string yaml, string expected)
    {
        var error = Assert.Throws<UserErrorException>(() => AuditConfigLoader.Parse(yaml, "awsharden.yaml", Known));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Load_MissingFile_ThrowsUserError()
    {
        var error = Assert.Throws<UserErrorException>(() => AuditConfigLoader.Load("/nonexistent/awsharden.yaml"));

        Assert.Contains("/nonexistent/awsharden.yaml", error.Message);
    }
}
