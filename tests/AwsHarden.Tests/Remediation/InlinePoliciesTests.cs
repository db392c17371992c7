using AwsHarden.Remediation;

namespace AwsHarden.Tests.Remediation;

public class InlinePoliciesTests
{
    [Fact]
    public void TokenIssueTime_DenyWritten_ReadsBackItsCutoff()
    {
        var cutoff = DateTimeOffset.Parse("2025-01-31T12:34:56.789+01:00");

        var read = InlinePolicies.TokenIssueTime(InlinePolicies.DenyTokensIssuedBefore(cutoff));

        Assert.Equal("2025-01-31T11:34:56Z", read);
    }

    [Theory]
    [InlineData("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}}")]
    [InlineData("{\"Statement\":[{\"Condition\":{\"DateGreaterThan\":{\"aws:TokenIssueTime\":\"x\"}}}]}")]
    [InlineData("not json")]
    [InlineData("{}")]
    public void TokenIssueTime_NoDateLessThanCondition_IsNull(string document) =>
        Assert.Null(InlinePolicies.TokenIssueTime(document));

    [Fact]
    public void TokenIssueTime_SingleStatementObject_IsRead() =>
        Assert.Equal("2024-01-01T00:00:00Z", InlinePolicies.TokenIssueTime(
            "{\"Statement\":{\"Condition\":{\"DateLessThan\":{\"aws:TokenIssueTime\":\"2024-01-01T00:00:00Z\"}}}}"));
}
