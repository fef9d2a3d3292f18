# /opt/miniconda3/bin/activate of the swe-mini images. Not conda: conda cannot be installed on this machine, so this
# stand-in gives the harness's two lines, `source /opt/miniconda3/bin/activate` and `conda activate testbed`, their
# effect: `conda activate NAME` activates the python venv at /opt/miniconda3/envs/NAME.
conda() {
  if [ "${1:-}" = activate ] && [ -f "/opt/miniconda3/envs/${2:-}/bin/activate" ]; then
    . "/opt/miniconda3/envs/$2/bin/activate" && export CONDA_DEFAULT_ENV="$2"
  else
    echo "conda (swe-mini stand-in): only 'conda activate ENV' of an environment in /opt/miniconda3/envs is provided" >&2
    return 1
  fi
}
