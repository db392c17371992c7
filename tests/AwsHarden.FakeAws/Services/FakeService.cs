using AwsHarden.FakeAws.Protocol;

namespace AwsHarden.FakeAws.Services;

/// <summary>A REST-JSON route such as <c>GET /detector/{detectorId}</c>.</summary>
internal sealed record RestRoute(string Method, string Template, string Operation)
{
    public Dictionary<string, string>? Match(string method, string path)
    {
        if (!string.Equals(method, Method, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var want = Template.Trim('/').Split('/');
        var got = path.Trim('/').Split('/');
        if (want.Length != got.Length)
        {
            return null;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < want.Length; i++)
        {
            if (want[i].StartsWith('{'))
            {
                values[want[i].Trim('{', '}')] = Uri.UnescapeDataString(got[i]);
            }
            else if (!string.Equals(want[i], got[i], StringComparison.Ordinal))
            {
                return null;
            }
        }

        return values;
    }
}

/// <summary>One emulated service: its operations by name and, for REST-JSON, the routes that name them.</summary>
internal abstract class FakeService
{
    private readonly Dictionary<string, Func<FakeRequest, FakeResult>> operations = new(StringComparer.Ordinal);
    private readonly List<RestRoute> routes = [];

    public abstract string SigningName { get; }

    public bool Knows(string operation) => operations.ContainsKey(operation);

    public FakeResult Handle(FakeRequest request) => operations[request.Operation](request);

    /// <summary>The IAM action of an operation when it is not named after it (S3: ListObjectsV2 →
    /// ListBucket).</summary>
    public virtual string IamActionName(string operation) => operation;

    public virtual (string Operation, Dictionary<string, string> Values)? MatchRoute(
        string method, string path, IReadOnlyCollection<string> queryKeys)
    {
        foreach (var route in routes)
        {
            if (route.Match(method, path) is { } values)
            {
                return (route.Operation, values);
            }
        }

        return null;
    }

    protected void On(string operation, Func<FakeRequest, FakeResult> handler) => operations[operation] = handler;

    protected void On(string method, string template, string operation, Func<FakeRequest, FakeResult> handler)
    {
        routes.Add(new RestRoute(method, template, operation));
        operations[operation] = handler;
    }
}
