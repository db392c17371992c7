using AwsHarden.Audit.Collect;
using AwsHarden.Aws;
using AwsHarden.FakeAws;
using AwsHarden.Model;

namespace AwsHarden.Tests.EndToEnd;

/// <summary>API call counts are deterministic, so the benchmark's scenario is held here as a test.</summary>
public class CollectorCallCountTests
{
    [Fact]
    public async Task Collect_LargeAccount_StaysWithinTheCallBudget()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Large(1000, 300, 17));
        var endpoint = server.Endpoint.ToString().TrimEnd('/');
        var credentials = new AwsCredentials(server.Account.Caller.AccessKeyId, server.Account.Caller.SecretAccessKey);
        using var session = AwsSession.Create(credentials, "us-east-1", new AwsSessionSettings
        {
            Environment = name => name == "AWS_ENDPOINT_URL" ? endpoint : null,
        });

        var snapshot = await new Collector(session, new CollectorOptions(), TimeProvider.System)
            .CollectAsync(null, CancellationToken.None);

        Assert.Empty(snapshot.Failures);
        Assert.Equal(17, snapshot.Regions.Count);
        Assert.Equal(server.Account.Iam.Users.Count, snapshot.Iam.Authorization.Value!.Users.Count);
        Assert.Equal(132, session.CallCount);
        var calls = server.Calls.Snapshot();
        Assert.Equal(2, calls.Count(c => c.IamAction == "iam:GetAccountAuthorizationDetails"));
        Assert.DoesNotContain(calls, c => c.IamAction is "iam:ListUsers" or "iam:ListAccessKeys");
        string[] perRegion = ["cloudtrail:DescribeTrails", "guardduty:ListDetectors", "ec2:DescribeInstances"];
        foreach (var regional in perRegion)
        {
            Assert.Equal(17, calls.Count(c => c.IamAction == regional));
        }
    }
}
