using Dgm.Core.Configuration;
using Microsoft.Extensions.AI;

namespace Dgm.Core.Models;

/// <summary>The metered <see cref="IChatClient"/> of a model role (see <see cref="MeteredChatClient"/>); hosts decide the backends.</summary>
public interface IChatClientProvider
{
    IChatClient Get(ModelSpec model);
}
