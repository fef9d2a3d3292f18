using System.Globalization;
using Dgm.Core.Budget;
using Dgm.Core.Configuration;

namespace Dgm.Local.Doctor;

/// <summary>What one iteration is expected to cost (<see cref="IterationCostEstimate"/>), against the run's dollar budget.</summary>
internal static class CostCheck
{
    public static DoctorCheck For(RunConfig config)
    {
        const string name = "cost of one iteration";
        var dollars = IterationCostEstimate.For(config, new WorkloadProfile()).Sum(l => l.Dollars);
        var detail = string.Create(CultureInfo.InvariantCulture, $"about ${dollars:0.00} for {config.ChildrenPerIteration} children (dgm cost lists the items)");
        return dollars > config.Budget.Dollars
            ? DoctorCheck.Warn(name, string.Create(CultureInfo.InvariantCulture, $"{detail}: more than the whole budget of ${config.Budget.Dollars:0.00}"),
                "raise budget.dollars, or lower childrenPerIteration, stage sizes or attempts")
            : DoctorCheck.Ok(name, detail);
    }
}
