import type { Argument, Command, Option } from 'commander';

/** How an option's value or an argument completes. */
export type ValueCompletion =
  | { kind: 'none' }
  | { kind: 'words'; words: readonly string[] }
  | { kind: 'files' }
  /** Names the CLI lists itself, e.g. `mjl devices -o name`. */
  | { kind: 'names'; listCommand: 'devices' | 'services' };

export interface CompletionOption {
  /** "-o", "--output" */
  flags: string[];
  description: string;
  /** Undefined for a flag without a value. */
  value?: ValueCompletion;
}

export interface CompletionCommand {
  name: string;
  description: string;
  options: CompletionOption[];
  /** Positional arguments, in order. */
  args: { name: string; value: ValueCompletion }[];
}

export interface CompletionSpec {
  program: string;
  globalOptions: CompletionOption[];
  commands: CompletionCommand[];
}

/** Values that commander does not know as choices: case-insensitive ones, files, and live names. */
const VALUE_HINTS: Record<string, ValueCompletion> = {
  '--proto': { kind: 'words', words: ['GPIO', 'BLE', 'Serial'] },
  '--device': { kind: 'names', listCommand: 'devices' },
  '--service': { kind: 'names', listCommand: 'services' },
  '--ca': { kind: 'files' },
  '--out': { kind: 'files' },
};

const ARGUMENT_HINTS: Record<string, ValueCompletion> = {
  file: { kind: 'files' },
  shell: { kind: 'words', words: ['bash', 'zsh'] },
};

function optionSpec(option: Option): CompletionOption {
  const flags = [option.short, option.long].filter((flag): flag is string => flag !== undefined);
  const spec: CompletionOption = { flags, description: option.description };
  if (option.required || option.optional) {
    const long = option.long ?? '';
    spec.value = option.argChoices ? { kind: 'words', words: option.argChoices } : (VALUE_HINTS[long] ?? { kind: 'none' });
  }
  return spec;
}

function argumentSpec(argument: Argument): { name: string; value: ValueCompletion } {
  return { name: argument.name(), value: (argument.argChoices && { kind: 'words', words: argument.argChoices }) || ARGUMENT_HINTS[argument.name()] || { kind: 'none' } };
}

const HELP_OPTION: CompletionOption = { flags: ['-h', '--help'], description: 'display help for command' };

/** What to complete, read from the program's commander definition, so it cannot drift from it. */
export function completionSpec(program: Command): CompletionSpec {
  const commands = program.commands.map(
    (command): CompletionCommand => ({
      name: command.name(),
      description: command.description(),
      options: [...command.options.filter((option) => !option.hidden).map(optionSpec), HELP_OPTION],
      args: command.registeredArguments.map(argumentSpec),
    }),
  );
  const names = commands.map((command) => command.name);
  commands.push({
    name: 'help',
    description: 'display help for command',
    options: [],
    args: [{ name: 'command', value: { kind: 'words', words: names } }],
  });
  return {
    program: program.name(),
    globalOptions: [...program.options.filter((option) => !option.hidden).map(optionSpec), HELP_OPTION],
    commands,
  };
}

const takesValue = (option: CompletionOption) => option.value !== undefined;
const shellWords = (words: readonly string[]) => words.join(' ');

function bashValueCompletion(value: ValueCompletion): string {
  switch (value.kind) {
    case 'words':
      return `COMPREPLY=( $(compgen -W "${shellWords(value.words)}" -- "$cur") )`;
    case 'names':
      return `COMPREPLY=( $(compgen -W "$("\${COMP_WORDS[0]}" ${value.listCommand} -o name "\${connection[@]}" 2>/dev/null)" -- "$cur") )`;
    case 'files':
      return 'compopt -o filenames 2>/dev/null; COMPREPLY=( $(compgen -f -- "$cur") )';
    case 'none':
      return ':';
  }
}

function bashCase(options: CompletionOption[], args: CompletionCommand['args'], words: string): string {
  const lines: string[] = [];
  const valued = options.filter(takesValue);
  if (valued.length > 0) {
    lines.push('      case "$prev" in');
    for (const option of valued) {
      lines.push(`        ${option.flags.join('|')}) ${bashValueCompletion(option.value as ValueCompletion)}; return 0 ;;`);
    }
    lines.push('      esac');
  }
  lines.push(`      if [[ "$cur" == -* ]]; then COMPREPLY=( $(compgen -W "${words}" -- "$cur") ); return 0; fi`);
  const positional = args[0];
  if (positional) lines.push(`      ${bashValueCompletion(positional.value)}`);
  return lines.join('\n');
}

/** A bash completion script: `source <(mjl completion bash)`. */
export function bashCompletion(spec: CompletionSpec): string {
  const { program } = spec;
  const fn = `_${program.replace(/[^A-Za-z0-9_]/g, '_')}`;
  const globalFlags = spec.globalOptions.flatMap((option) => option.flags);
  const globalValued = spec.globalOptions.filter(takesValue).flatMap((option) => option.flags);
  const connectionFlags = ['--broker', '--username', '--password', '--ca'].filter((flag) => globalValued.includes(flag));
  const commandCases = spec.commands.map((command) => {
    const words = [...command.options.flatMap((option) => option.flags), ...globalFlags.filter((flag) => flag !== '-V' && flag !== '--version' && flag !== '-h' && flag !== '--help')];
    return `    ${command.name})\n${bashCase([...command.options, ...spec.globalOptions], command.args, shellWords([...new Set(words)]))}\n      ;;`;
  });
  return `# bash completion for ${program}
# Load it in this shell:   source <(${program} completion bash)
# or for every shell:       ${program} completion bash > ~/.local/share/bash-completion/completions/${program}
${fn}() {
  local cur prev cmd word i
  local -a connection=()
  COMPREPLY=()
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev=""
  (( COMP_CWORD > 0 )) && prev="\${COMP_WORDS[COMP_CWORD-1]}"
  cmd=""
  # The command is the first word that is neither an option nor an option's value.
  for (( i = 1; i < COMP_CWORD; i++ )); do
    word="\${COMP_WORDS[i]}"
    case "$word" in
      ${connectionFlags.join('|')}) (( i + 1 < COMP_CWORD )) && connection+=("$word" "\${COMP_WORDS[i+1]}"); (( i++ )) ;;
      ${globalValued.filter((flag) => !connectionFlags.includes(flag)).join('|') || '--no-such-option'}) (( i++ )) ;;
      -*) ;;
      *) [[ -z "$cmd" ]] && cmd="$word" ;;
    esac
  done
  case "$cmd" in
    "")
${bashCase(spec.globalOptions, [{ name: 'command', value: { kind: 'words', words: spec.commands.map((command) => command.name) } }], shellWords(globalFlags))}
      ;;
${commandCases.join('\n')}
  esac
  return 0
}
complete -o default -F ${fn} ${program}
`;
}

/** Text inside single quotes in zsh. */
const zshQuoted = (text: string) => text.replace(/'/g, "'\\''");

/** An _arguments description in brackets: brackets and backslashes are syntax there. */
const zshDescription = (text: string) => zshQuoted(text.replace(/([\\[\]])/g, '\\$1'));

/** An _arguments message, or a name in _describe: colons are syntax there. */
const zshField = (text: string) => zshQuoted(text.replace(/([\\:])/g, '\\$1'));

function zshValue(fn: string, value: ValueCompletion): string {
  switch (value.kind) {
    case 'words':
      return `(${value.words.join(' ')})`;
    case 'names':
      return `{${fn}_names ${value.listCommand}}`;
    case 'files':
      return '_files';
    case 'none':
      return ' ';
  }
}

function zshOptionSpecs(fn: string, options: CompletionOption[]): string[] {
  return options.map((option) => {
    const exclusive = option.flags.length > 1 ? `(${option.flags.join(' ')})` : '';
    const description = `[${zshDescription(option.description)}]`;
    const argument = option.value ? `:${zshField(option.flags[option.flags.length - 1]?.replace(/^-+/, '') ?? 'value')}:${zshValue(fn, option.value)}` : '';
    const forms = option.flags.map((flag) => (option.value ? (flag.startsWith('--') ? `${flag}=` : `${flag}+`) : flag));
    if (forms.length === 1) return `'${exclusive}${forms[0]}${description}${argument}'`;
    return `'${exclusive}'{${forms.join(',')}}'${description}${argument}'`;
  });
}

/** A zsh completion script: `source <(mjl completion zsh)`, or saved as `_mjl` in a directory of $fpath. */
export function zshCompletion(spec: CompletionSpec): string {
  const { program } = spec;
  const fn = `_${program.replace(/[^A-Za-z0-9_]/g, '_')}`;
  const continuation = ' \\\n    ';
  const globals = zshOptionSpecs(fn, spec.globalOptions);
  const commandCases = spec.commands.map((command) => {
    const specs = [
      ...zshOptionSpecs(fn, command.options),
      ...zshOptionSpecs(
        fn,
        spec.globalOptions.filter((option) => !option.flags.includes('--help') && !option.flags.includes('--version')),
      ),
      ...command.args.map((argument, index) => `'${index + 1}:${zshField(argument.name)}:${zshValue(fn, argument.value)}'`),
    ];
    const nested = ' \\\n            ';
    return `        (${command.name})\n          _arguments -s -S${nested}${specs.join(nested)} && ret=0\n          ;;`;
  });
  const commandList = spec.commands.map((command) => `'${zshField(command.name)}:${zshQuoted(command.description)}'`);
  return `#compdef ${program}
# zsh completion for ${program}
# Load it in this shell:   source <(${program} completion zsh)
# or for every shell:       ${program} completion zsh > "\${fpath[1]}/_${program}"

# Names the CLI lists itself (devices, services), from the broker the command line names.
# \$${fn}_line is the whole command line, saved before _arguments shifts \$words.
${fn}_names() {
  local -a names connection
  local i
  for (( i = 2; i < \${#${fn}_line}; i++ )); do
    case "\${${fn}_line[i]}" in
      --broker|--username|--password|--ca) connection+=("\${${fn}_line[i]}" "\${${fn}_line[i+1]}") ;;
    esac
  done
  names=(\${(f)"$(\${${fn}_line[1]} $1 -o name "\${connection[@]}" 2>/dev/null)"})
  _describe -t names "$1" names
}

${fn}() {
  local curcontext="$curcontext" state line ret=1
  local -a ${fn}_line
  ${fn}_line=("\${words[@]}")
  typeset -A opt_args
  _arguments -C -s -S${continuation}${globals.join(continuation)}${continuation}'1: :->command'${continuation}'*:: :->args' && ret=0
  case $state in
    (command)
      local -a commands
      commands=(
        ${commandList.join('\n        ')}
      )
      _describe -t commands '${program} command' commands && ret=0
      ;;
    (args)
      curcontext="\${curcontext%:*:*}:${program}-\${words[1]}:"
      case \${words[1]} in
${commandCases.join('\n')}
      esac
      ;;
  esac
  return ret
}

if [[ "\${funcstack[1]}" == "${fn}" ]]; then
  ${fn} "$@"
else
  compdef ${fn} ${program}
fi
`;
}
