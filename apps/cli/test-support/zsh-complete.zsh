#!/usr/bin/env zsh
# Prints the completions zsh offers for a command line, one per line ("word -- description"):
#   zsh zsh-complete.zsh COMPLETION_SCRIPT 'mjl devices -o '
# Runs an interactive zsh in a pseudo-terminal (zsh/zpty), loads compinit and the script, types the
# line and a TAB, and captures what the completion system hands to compadd.
zmodload zsh/zpty || { print -u2 'zsh/zpty is missing'; exit 2 }
script=$1
line=$2
zpty z zsh -f -i
zpty -w z "PROMPT=; RPROMPT=; autoload -Uz compinit; compinit -u -D"
zpty -w z "bindkey '^I' complete-word"
zpty -w z "zstyle ':completion:*' list-grouped false; zstyle ':completion:*' insert-tab false"
zpty -w z 'null-line() { print -n -- $'"'"'\0'"'"' }; compprefuncs=(null-line); comppostfuncs=(null-line exit)'
zpty -w z 'compadd() {
  if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return $?; fi
  typeset -a __hits __dscr __tmp
  if (( $@[(I)-d] )); then
    __tmp=${@[$[${@[(i)-d]}+1]]}
    if [[ $__tmp == \(* ]]; then eval "__dscr=$__tmp"; else __dscr=( "${(@P)__tmp}" ); fi
  fi
  builtin compadd -A __hits -D __dscr "$@"
  [[ -n $__hits ]] || return
  local i
  for i in {1..$#__hits}; do
    if (( $#__dscr >= $i )); then print -r -- "<<${__hits[$i]}>> ${__dscr[$i]}"; else print -r -- "<<${__hits[$i]}>>"; fi
  done
}'
zpty -w z "source ${(q)script}"
zpty -w -n z "$line"$'\t'
# comppostfuncs exits the shell once the completion is done: read until the end of its output.
local out piece
while zpty -r z out; do
  for piece in ${(f)out}; do
    # (the echo of the compadd definition above holds '<<$' too: not a completion)
    [[ $piece == *'<<'*'>>'* && $piece != *'<<$'* ]] && print -r -- ${${piece#*<<}/>>*/}
  done
done
zpty -d z
