using AwsHarden.Policies;

namespace AwsHarden.Tests.Policies;

public class PolicyAnalysisTests
{
    private static string Allow(string body) =>
        $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow",{{body}}}]}""";

    private static string Deny(string body) =>
        $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Deny",{{body}}}]}""";

    [Theory]
    [InlineData("\"Action\":\"*\",\"Resource\":\"*\"")]
    [InlineData("\"Action\":[\"s3:GetObject\",\"*\"],\"Resource\":[\"*\"]")]
    [InlineData("\"Action\":\"*:*\",\"Resource\":\"arn:aws:*:*:*:*\"")]
    [InlineData("\"NotAction\":\"s3:DeleteBucket\",\"Resource\":\"*\"")]
    [InlineData("\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"StringLikeIfExists\":{\"aws:PrincipalTag/x\":\"*\"}}")]
    public void GrantsFullAdmin_AdminEquivalentStatements_True(string body) =>
        Assert.True(PolicyAnalysis.GrantsFullAdmin(Allow(body)));

    [Theory]
    [InlineData("\"Action\":\"iam:*\",\"Resource\":\"*\"")]
    [InlineData("\"Action\":\"*\",\"Resource\":\"arn:aws:s3:::bucket/*\"")]
    [InlineData("\"Action\":\"*\",\"NotResource\":\"arn:aws:s3:::bucket\"")]
    [InlineData("\"NotAction\":[\"iam:*\",\"organizations:*\",\"account:*\"],\"Resource\":\"*\"")]
    [InlineData("\"NotAction\":\"iam:PassRole\",\"Resource\":\"*\"")]
    [InlineData("\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}")]
    [InlineData("\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":\"203.0.113.0/24\"}}")]
    public void GrantsFullAdmin_LimitedStatements_False(string body) =>
        Assert.False(PolicyAnalysis.GrantsFullAdmin(Allow(body)));

    [Fact]
    public void GrantsFullAdmin_DenyStarOnStar_False() =>
        Assert.False(PolicyAnalysis.GrantsFullAdmin(Deny("\"Action\":\"*\",\"Resource\":\"*\"")));

    [Fact]
    public void GrantsFullAdmin_UrlEncodedAdministratorAccess_True()
    {
        var encoded = Uri.EscapeDataString(Allow("\"Action\":\"*\",\"Resource\":\"*\""));

        Assert.True(PolicyAnalysis.GrantsFullAdmin(encoded));
    }

    [Fact]
    public void GrantsFullAdmin_InvalidJson_ThrowsPolicyParseException() =>
        Assert.Throws<PolicyParseException>(() => PolicyAnalysis.GrantsFullAdmin("{\"Statement\": ["));

    [Fact]
    public void RestrictsRegions_SeedScp_TrueWithRegions()
    {
        var json = PolicyTestFiles.Fixture("scps/regions.json");

        Assert.True(PolicyAnalysis.RestrictsRegions(json));
        Assert.Equal(["us-east-1", "us-east-2"], PolicyAnalysis.AllowedRegions(PolicyDocument.Parse(json)));
        Assert.False(PolicyAnalysis.RestrictsInstanceTypes(json));
    }

    [Fact]
    public void RestrictsInstanceTypes_SeedScp_TrueWithTypes()
    {
        var json = PolicyTestFiles.Fixture("scps/instances.json");

        Assert.True(PolicyAnalysis.RestrictsInstanceTypes(json));
        Assert.Equal(["t2.*", "t3.*", "m5.*"], PolicyAnalysis.AllowedInstanceTypes(PolicyDocument.Parse(json)));
        Assert.False(PolicyAnalysis.RestrictsRegions(json));
    }

    [Theory]
    [InlineData("\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"StringNotEquals\":{\"aws:RequestedRegion\":\"eu-west-1\"}}")]
    [InlineData("\"NotAction\":[\"iam:*\",\"sts:*\"],\"Resource\":\"*\",\"Condition\":{\"StringNotLikeIfExists\":{\"AWS:requestedregion\":[\"eu-*\"]}}")]
    [InlineData("\"Action\":\"*\",\"Condition\":{\"ForAnyValue:StringNotEquals\":{\"aws:RequestedRegion\":[\"eu-west-1\"]},\"ArnNotLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::*:role/BreakGlass\"}}")]
    public void RestrictsRegions_DenyOutsideList_True(string body) =>
        Assert.True(PolicyAnalysis.RestrictsRegions(Deny(body)));

    [Theory]
    [InlineData("\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"aws:RequestedRegion\":\"ap-east-1\"}}")]
    [InlineData("\"Action\":\"ec2:*\",\"Resource\":\"*\",\"Condition\":{\"StringNotEquals\":{\"aws:RequestedRegion\":\"eu-west-1\"}}")]
    [InlineData("\"NotAction\":[\"ec2:*\",\"iam:*\"],\"Resource\":\"*\",\"Condition\":{\"StringNotEquals\":{\"aws:RequestedRegion\":\"eu-west-1\"}}")]
    [InlineData("\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"StringNotLike\":{\"aws:RequestedRegion\":\"*\"}}")]
    [InlineData("\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"StringNotEquals\":{\"aws:RequestedRegion\":\"eu-west-1\"},\"StringEquals\":{\"aws:PrincipalTag/team\":\"dev\"}}")]
    [InlineData("\"Action\":\"*\",\"Resource\":\"arn:aws:s3:::b\",\"Condition\":{\"StringNotEquals\":{\"aws:RequestedRegion\":\"eu-west-1\"}}")]
    public void RestrictsRegions_PartialOrDenyList_False(string body) =>
        Assert.False(PolicyAnalysis.RestrictsRegions(Deny(body)));

    [Fact]
    public void RestrictsRegions_AllowWithRegionCondition_False() =>
        Assert.False(PolicyAnalysis.RestrictsRegions(Allow(
            "\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"aws:RequestedRegion\":\"eu-west-1\"}}")));

    [Theory]
    [InlineData("\"Action\":\"ec2:RunInstances\",\"Resource\":\"arn:aws:ec2:*:*:instance/*\",\"Condition\":{\"StringNotEquals\":{\"ec2:InstanceType\":[\"t3.micro\"]}}")]
    [InlineData("\"Action\":\"ec2:*\",\"Resource\":\"*\",\"Condition\":{\"StringNotLike\":{\"ec2:InstanceType\":\"t3.*\"}}")]
    [InlineData("\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"StringNotLikeIfExists\":{\"ec2:instancetype\":\"t3.*\"}}")]
    public void RestrictsInstanceTypes_DenyOtherTypes_True(string body) =>
        Assert.True(PolicyAnalysis.RestrictsInstanceTypes(Deny(body)));

    [Theory]
    [InlineData("\"Action\":\"ec2:CreateVolume\",\"Resource\":\"*\",\"Condition\":{\"StringNotEquals\":{\"ec2:InstanceType\":\"t3.micro\"}}")]
    [InlineData("\"Action\":\"ec2:RunInstances\",\"Resource\":\"arn:aws:ec2:*:*:volume/*\",\"Condition\":{\"StringNotEquals\":{\"ec2:InstanceType\":\"t3.micro\"}}")]
    [InlineData("\"Action\":\"ec2:RunInstances\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"ec2:InstanceType\":\"p4d.24xlarge\"}}")]
    [InlineData("\"NotAction\":\"ec2:RunInstances\",\"Resource\":\"*\",\"Condition\":{\"StringNotEquals\":{\"ec2:InstanceType\":\"t3.micro\"}}")]
    public void RestrictsInstanceTypes_OtherDenies_False(string body) =>
        Assert.False(PolicyAnalysis.RestrictsInstanceTypes(Deny(body)));
}
