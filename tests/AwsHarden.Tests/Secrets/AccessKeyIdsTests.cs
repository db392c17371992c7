using AwsHarden.Secrets;

namespace AwsHarden.Tests.Secrets;

public class AccessKeyIdsTests
{
    [Fact]
    public void DecodeAccountId_IssueExample_ReturnsOwningAccount() =>
        Assert.Equal("595918472158", AccessKeyIds.DecodeAccountId("AKIAYVP4CIPPERUVIFXG"));

    [Theory]
    [InlineData("ASIAYVP4CIPPERUVIFXG")]
    [InlineData("AKIAYVP4CIPPAAAAAAAA")]
    public void DecodeAccountId_SameAccountBits_SameAccount(string keyId) =>
        Assert.Equal("595918472158", AccessKeyIds.DecodeAccountId(keyId));

    // Case 023: an old key decoded to 1017108502063, thirteen digits; no account has more than twelve.
    [Theory]
    [InlineData("AKIAOZUDECYXYM4ONAN4")]
    [InlineData("AKIA7777777777777777")]
    public void DecodeAccountId_DecodesAboveTwelveDigits_Null(string keyId) =>
        Assert.Null(AccessKeyIds.DecodeAccountId(keyId));

    [Theory]
    [InlineData("AROAYVP4CIPPERUVIFXG")]
    [InlineData("AKIAYVP4CIPPERUVIFX1")]
    [InlineData("AKIAYVP4CIPPERUVIFX")]
    public void IsAccessKeyId_NotACredentialId_False(string value) =>
        Assert.False(AccessKeyIds.IsAccessKeyId(value));

    [Fact]
    public void Redact_Secret_KeepsOnlyFirstAndLastFour()
    {
        var redacted = SecretText.Redact(TestKeys.Secret);

        Assert.Equal("PtYg…ihA+", redacted);
        Assert.DoesNotContain(TestKeys.Secret[4..36], redacted);
    }

    [Fact]
    public void ToString_SecretText_NeverShowsValue() =>
        Assert.DoesNotContain(TestKeys.Secret, new SecretText(TestKeys.Secret).ToString());
}
