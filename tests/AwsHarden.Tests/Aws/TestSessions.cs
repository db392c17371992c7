using AwsHarden.Aws;

namespace AwsHarden.Tests.Aws;

internal static class TestSessions
{
    public const string Endpoint = "http://127.0.0.1:4566/";

    /// <summary>A session whose every service (SDK clients included) is pointed at the stub.</summary>
    public static AwsSession Create(StubAwsHandler handler, string region = "us-east-1", int maxAttempts = 3) =>
        AwsSession.Create(new AwsCredentials("AKIDEXAMPLE", "test-secret-not-real"), region, new AwsSessionSettings
        {
            Handler = handler,
            Environment = name => name == AwsEndpoints.GlobalVariable ? Endpoint : null,
            Retry = new AwsRetryOptions(maxAttempts, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(5)),
        });
}
