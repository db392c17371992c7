if (args.Length > 0 && args[0].StartsWith("incident", StringComparison.Ordinal))
{
    return await AwsHarden.Bench.IncidentBenchmark.RunAsync(args);
}
return 0;
