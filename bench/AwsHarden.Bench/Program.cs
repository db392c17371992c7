// Dispatches on the benchmark name:
// `dotnet run -c Release --project bench/AwsHarden.Bench -- audit|secrets|incident`.
return args.FirstOrDefault() switch
{
    "secrets" => await AwsHarden.Bench.SecretsBenchmark.RunAsync(args),
    "audit" => await AwsHarden.Bench.AuditBenchmark.RunAsync(args),
    { } name when name.StartsWith("incident", StringComparison.Ordinal) =>
        await AwsHarden.Bench.IncidentBenchmark.RunAsync(args),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: AwsHarden.Bench audit|secrets|incident [options]");
    return 2;
}
