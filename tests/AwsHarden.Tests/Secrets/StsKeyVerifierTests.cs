using AwsHarden.Model;
using AwsHarden.Secrets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace AwsHarden.Tests.Secrets;

public class StsKeyVerifierTests
{
    private const string Arn = "arn:aws:iam::737946103411:user/ci-deploy";

    private static LeakedKeyFinding Pair() => new()
    {
        KeyId = TestKeys.KeyId,
        AccountId = "737946103411",
        Secret = new SecretText(TestKeys.Secret),
        Severity = Severity.High,
        Locations = [],
    };

    private static async Task Identity(HttpContext context)
    {
        context.Response.ContentType = "text/xml";
        await context.Response.WriteAsync(
            "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult>"
            + $"<Arn>{Arn}</Arn><UserId>AIDA2XUID5ZZZZG6ZDME</UserId><Account>737946103411</Account>"
            + "</GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata>"
            + "</GetCallerIdentityResponse>");
    }

    private static async Task Error(HttpContext context, string code)
    {
        context.Response.StatusCode = 403;
        context.Response.ContentType = "text/xml";
        await context.Response.WriteAsync(
            "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>"
            + $"<Code>{code}</Code><Message>The security token included in the request is invalid.</Message>"
            + "</Error><RequestId>2</RequestId></ErrorResponse>");
    }

    private static async Task<KeyVerification> VerifyAgainst(FakeHttpServer server)
    {
        var time = new FakeTimeProvider();
        var task = new StsKeyVerifier(time, server.Url).VerifyAsync(Pair(), CancellationToken.None);
        while (!task.IsCompleted)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(10);
        }
        return await task;
    }

    [Fact]
    public async Task VerifyAsync_StsKnowsKey_ValidWithArn()
    {
        await using var sts = await FakeHttpServer.StartAsync(Identity);

        var verdict = await VerifyAgainst(sts);

        Assert.Equal(VerificationStatus.Valid, verdict.Status);
        Assert.Equal(Arn, verdict.Arn);
        Assert.Equal("ci-deploy", KeyOwnership.FromArn(verdict.Arn)?.UserName);
    }

    [Fact]
    public async Task VerifyAsync_InvalidClientTokenId_InvalidAfterRetries()
    {
        await using var sts = await FakeHttpServer.StartAsync(c => Error(c, "InvalidClientTokenId"));

        var verdict = await VerifyAgainst(sts);

        Assert.Equal(VerificationStatus.Invalid, verdict.Status);
        Assert.Null(verdict.Arn);
        Assert.Equal(3, sts.Requests.Count);
        Assert.DoesNotContain(TestKeys.Secret, verdict.Detail);
    }

    [Fact]
    public async Task VerifyAsync_TransientAccessDeniedThenSuccess_Valid()
    {
        var calls = 0;
        await using var sts = await FakeHttpServer.StartAsync(c =>
            Interlocked.Increment(ref calls) == 1 ? Error(c, "AccessDenied") : Identity(c));

        var verdict = await VerifyAgainst(sts);

        Assert.Equal(VerificationStatus.Valid, verdict.Status);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task VerifyAsync_PersistentAccessDenied_Undetermined()
    {
        await using var sts = await FakeHttpServer.StartAsync(c => Error(c, "AccessDenied"));

        var verdict = await VerifyAgainst(sts);

        Assert.Equal(VerificationStatus.Undetermined, verdict.Status);
    }
}
