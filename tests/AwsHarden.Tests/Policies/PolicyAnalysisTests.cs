using AwsHarden.Policies;

namespace AwsHarden.Tests.Policies;

// Statement bodies are written with single quotes to keep the cases readable; Statement() swaps them.
public class PolicyAnalysisTests
{
    private const string AllOnAll = "'Action':'*','Resource':'*'";
    private const string EuWest1 = "'StringNotEquals':{'aws:RequestedRegion':'eu-west-1'}";

    private static string Statement(string effect, string body, string? condition = null)
    {
        var element = condition is null ? body : $"{body},'Condition':{{{condition}}}";
        return $"{{'Version':'2012-10-17','Statement':[{{'Effect':'{effect}',{element}}}]}}".Replace('\'', '"');
    }

    [Theory]
    [InlineData(AllOnAll, null)]
    [InlineData("'Action':['s3:GetObject','*'],'Resource':['*']", null)]
    [InlineData("'Action':'*:*','Resource':'arn:aws:*:*:*:*'", null)]
    [InlineData("'NotAction':'s3:DeleteBucket','Resource':'*'", null)]
    [InlineData(AllOnAll, "'StringLikeIfExists':{'aws:PrincipalTag/x':'*'}")]
    public void GrantsFullAdmin_AdminEquivalentStatements_True(string body, string? condition) =>
        Assert.True(PolicyAnalysis.GrantsFullAdmin(Statement("Allow", body, condition)));

    [Theory]
    [InlineData("'Action':'iam:*','Resource':'*'", null)]
    [InlineData("'Action':'*','Resource':'arn:aws:s3:::bucket/*'", null)]
    [InlineData("'Action':'*','NotResource':'arn:aws:s3:::bucket'", null)]
    [InlineData("'NotAction':['iam:*','organizations:*','account:*'],'Resource':'*'", null)]
    [InlineData("'NotAction':'iam:PassRole','Resource':'*'", null)]
    [InlineData(AllOnAll, "'Bool':{'aws:MultiFactorAuthPresent':'true'}")]
    [InlineData(AllOnAll, "'IpAddress':{'aws:SourceIp':'203.0.113.0/24'}")]
    public void GrantsFullAdmin_LimitedStatements_False(string body, string? condition) =>
        Assert.False(PolicyAnalysis.GrantsFullAdmin(Statement("Allow", body, condition)));

    [Fact]
    public void GrantsFullAdmin_DenyStarOnStar_False() =>
        Assert.False(PolicyAnalysis.GrantsFullAdmin(Statement("Deny", AllOnAll)));

    [Fact]
    public void GrantsFullAdmin_UrlEncodedAdministratorAccess_True()
    {
        var encoded = Uri.EscapeDataString(Statement("Allow", AllOnAll));

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
    [InlineData(AllOnAll, EuWest1)]
    [InlineData("'NotAction':['iam:*','sts:*'],'Resource':'*'",
        "'StringNotLikeIfExists':{'AWS:requestedregion':['eu-*']}")]
    [InlineData("'Action':'*'", "'ForAnyValue:StringNotEquals':{'aws:RequestedRegion':['eu-west-1']},"
        + "'ArnNotLike':{'aws:PrincipalArn':'arn:aws:iam::*:role/BreakGlass'}")]
    public void RestrictsRegions_DenyOutsideList_True(string body, string condition) =>
        Assert.True(PolicyAnalysis.RestrictsRegions(Statement("Deny", body, condition)));

    [Theory]
    [InlineData(AllOnAll, "'StringEquals':{'aws:RequestedRegion':'ap-east-1'}")]
    [InlineData("'Action':'ec2:*','Resource':'*'", EuWest1)]
    [InlineData("'NotAction':['ec2:*','iam:*'],'Resource':'*'", EuWest1)]
    [InlineData(AllOnAll, "'StringNotLike':{'aws:RequestedRegion':'*'}")]
    [InlineData(AllOnAll, EuWest1 + ",'StringEquals':{'aws:PrincipalTag/team':'dev'}")]
    [InlineData("'Action':'*','Resource':'arn:aws:s3:::b'", EuWest1)]
    public void RestrictsRegions_PartialOrDenyList_False(string body, string condition) =>
        Assert.False(PolicyAnalysis.RestrictsRegions(Statement("Deny", body, condition)));

    [Fact]
    public void RestrictsRegions_AllowWithRegionCondition_False() =>
        Assert.False(PolicyAnalysis.RestrictsRegions(Statement("Allow", AllOnAll, EuWest1)));

    [Theory]
    [InlineData("'Action':'ec2:RunInstances','Resource':'arn:aws:ec2:*:*:instance/*'",
        "'StringNotEquals':{'ec2:InstanceType':['t3.micro']}")]
    [InlineData("'Action':'ec2:*','Resource':'*'", "'StringNotLike':{'ec2:InstanceType':'t3.*'}")]
    [InlineData(AllOnAll, "'StringNotLikeIfExists':{'ec2:instancetype':'t3.*'}")]
    public void RestrictsInstanceTypes_DenyOtherTypes_True(string body, string condition) =>
        Assert.True(PolicyAnalysis.RestrictsInstanceTypes(Statement("Deny", body, condition)));

    [Theory]
    [InlineData("'Action':'ec2:CreateVolume','Resource':'*'", "'StringNotEquals':{'ec2:InstanceType':'t3.micro'}")]
    [InlineData("'Action':'ec2:RunInstances','Resource':'arn:aws:ec2:*:*:volume/*'",
        "'StringNotEquals':{'ec2:InstanceType':'t3.micro'}")]
    [InlineData("'Action':'ec2:RunInstances','Resource':'*'", "'StringEquals':{'ec2:InstanceType':'p4d.24xlarge'}")]
    [InlineData("'NotAction':'ec2:RunInstances','Resource':'*'", "'StringNotEquals':{'ec2:InstanceType':'t3.micro'}")]
    public void RestrictsInstanceTypes_OtherDenies_False(string body, string condition) =>
        Assert.False(PolicyAnalysis.RestrictsInstanceTypes(Statement("Deny", body, condition)));
}
