using AwsHarden.Config;
using AwsHarden.Model;

namespace AwsHarden.Tests.Config;

public class AuditConfigMessagesTests
{
    [Fact]
    public void Parse_TabIndentedLine_SaysUseSpacesWithoutTypeNames()
    {
        var error = Assert.Throws<UserErrorException>(() => AuditConfigLoader.Parse("\t- a\n", "tab.yaml"));

        Assert.Equal("tab.yaml:1: a tab character cannot indent YAML; use spaces", error.Message);
    }

    [Fact]
    public void Parse_ListAtTopLevel_SaysMappingWithoutTypeNames()
    {
        var error = Assert.Throws<UserErrorException>(() => AuditConfigLoader.Parse("- a\n- b\n", "list.yaml"));

        Assert.DoesNotContain("AwsHarden.", error.Message);
        Assert.Contains("mapping of keys", error.Message);
    }

    [Fact]
    public void Parse_NumberBeyondInt_SaysTheRange()
    {
        var error = Assert.Throws<UserErrorException>(() =>
            AuditConfigLoader.Parse("password_policy:\n  minimum_length: 99999999999999\n", "big.yaml"));

        Assert.Contains("minimum_length is 99999999999999; it must be between 6 and 128", error.Message);
    }

    [Theory]
    [InlineData("mars-1")]
    [InlineData("eu-west-99x")]
    [InlineData("EU-WEST-1")]
    public void Parse_UnknownAllowedRegion_Refused(string region)
    {
        var error = Assert.Throws<UserErrorException>(() =>
            AuditConfigLoader.Parse($"allowed_regions: [eu-west-1, {region}]\n", "r.yaml"));

        Assert.Contains($"'{region}', which is not an AWS region", error.Message);
    }

    [Fact]
    public void Parse_RealRegionsOfEveryPartition_Accepted()
    {
        var config = AuditConfigLoader.Parse("allowed_regions: [eu-west-1, us-gov-west-1, cn-north-1]\n");

        Assert.Equal(["eu-west-1", "us-gov-west-1", "cn-north-1"], config.AllowedRegions);
    }

    [Fact]
    public void Warnings_ExpiredSuppression_NamesCheckAndDate()
    {
        var config = AuditConfigLoader.Parse("""
            suppressions:
              - check: iam.password-policy
                reason: x
                expires: 2020-01-01
              - check: iam.root-mfa
                reason: y
                expires: 2030-01-01
            """);

        var warnings = AuditConfigLoader.Warnings(config, new DateOnly(2026, 12, 3)).ToList();

        var warning = Assert.Single(warnings);
        Assert.Contains("suppression of iam.password-policy expired on 2020-01-01", warning);
    }
}
