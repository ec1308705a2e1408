using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using MetricaChats.Core.Api.Internal;

namespace MetricaChats.Core.Api;

// The counter's goals: read to find the automatic Chat goal the first chat upload creates.
public sealed partial class MetricaClient
{
    /// <summary>
    /// Lists the counter's goals (retried within the retry budget, as every read). The automatic
    /// Chat goal is among them once the counter's first chat upload has been processed; find it
    /// with <see cref="MetricaGoal.FindChatGoal"/>.
    /// </summary>
    public Task<IReadOnlyList<MetricaGoal>> ListGoalsAsync(int counterId, CancellationToken cancellationToken = default) =>
        ExecuteAsync<IReadOnlyList<MetricaGoal>>(
            async token =>
            {
                var path = MetricaPaths.Goals(counterId);
                var body = await SendOnceAsync(HttpMethod.Get, path, null, counterId, _requestTimeout, token).ConfigureAwait(false);
                var envelope = Deserialize(body, MetricaJsonContext.Default.GoalsEnvelope, path);
                if (envelope.Goals is null)
                {
                    throw Unexpected("The goals answer has no 'goals' list.", path);
                }

                return envelope.Goals.Where(g => g is not null).Select(g => MetricaJsonMapping.ToGoal(g!, counterId)).ToArray();
            },
            cancellationToken);
}
