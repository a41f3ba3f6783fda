import { Argument, type Command } from 'commander';
import { bashCompletion, completionSpec, zshCompletion } from '../completion.js';

export function register(program: Command): void {
  program
    .command('completion')
    .description('Print a shell completion script (commands, flags, their values, device and service names)')
    .addArgument(new Argument('<shell>', 'bash or zsh').choices(['bash', 'zsh']))
    .addHelpText(
      'after',
      `
Examples:
  source <(mjl completion bash)                                   # this bash session
  mjl completion bash > ~/.local/share/bash-completion/completions/mjl
  source <(mjl completion zsh)                                    # this zsh session
  mjl completion zsh > "\${fpath[1]}/_mjl"                          # every zsh session`,
    )
    .action((shell: 'bash' | 'zsh') => {
      const spec = completionSpec(program);
      process.stdout.write(shell === 'bash' ? bashCompletion(spec) : zshCompletion(spec));
    });
}
