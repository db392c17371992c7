using AwsHarden.Policies;

namespace AwsHarden.Tests.Policies;

public class IamPatternTests
{
    [Theory]
    [InlineData("*", "ec2:RunInstances", true)]
    [InlineData("ec2:*", "EC2:runinstances", true)]
    [InlineData("ec2:Describe*", "ec2:DescribeRegions", true)]
    [InlineData("ec2:Describe*", "ec2:RunInstances", false)]
    [InlineData("s3:Get?bject", "s3:GetObject", true)]
    [InlineData("s3:Get?bject", "s3:GetObjectAcl", false)]
    [InlineData("iam:*AccessKey*", "iam:CreateAccessKey", true)]
    [InlineData("s3:PutAccountPublic*", "s3:PutAccountPublicAccessBlock", true)]
    public void MatchesAction_Patterns_MatchCaseInsensitively(string pattern, string action, bool expected) =>
        Assert.Equal(expected, IamPattern.MatchesAction(pattern, action));

    [Theory]
    [InlineData("*", "arn:aws:s3:::bucket", true)]
    [InlineData("arn:aws:ec2:*:*:instance/*", "arn:aws:ec2:eu-west-1:111122223333:instance/i-1", true)]
    [InlineData("arn:aws:ec2:*:*:instance/*", "arn:aws:ec2:eu-west-1:111122223333:volume/vol-1", false)]
    [InlineData("arn:aws:s3:::Bucket/*", "arn:aws:s3:::bucket/key", false)]
    [InlineData("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a/b:c", true)]
    [InlineData("arn:aws:iam::*:role/*", "arn:aws-cn:iam::1:role/x", false)]
    public void MatchesResource_Patterns_MatchPerSegmentAndCaseSensitively(string pattern, string arn, bool expected) =>
        Assert.Equal(expected, IamPattern.MatchesResource(pattern, arn));

    [Theory]
    [InlineData("*", true)]
    [InlineData("*:*", true)]
    [InlineData("iam:*", false)]
    [InlineData("", false)]
    public void IsAllActions_Patterns_RecogniseMatchAll(string pattern, bool expected) =>
        Assert.Equal(expected, IamPattern.IsAllActions(pattern));

    [Theory]
    [InlineData("*", true)]
    [InlineData("arn:aws:*:*:*:*", true)]
    [InlineData("arn:aws:s3:::*", false)]
    [InlineData("arn:aws:*:*:111122223333:*", false)]
    public void IsAllResources_Patterns_RecogniseMatchAll(string pattern, bool expected) =>
        Assert.Equal(expected, IamPattern.IsAllResources(pattern));

    [Fact]
    public void Glob_ManyStars_FinishesQuickly()
    {
        var pattern = string.Concat(Enumerable.Repeat("a*", 30)) + "b";
        var text = new string('a', 5000);

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var matched = IamPattern.MatchesAction(pattern, text);

        Assert.False(matched);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
    }
}
