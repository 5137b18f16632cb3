"""Packaging for backtrader (modern, metaclass-free re-implementation of the
backtrader 1.9.78.123 API)."""
from setuptools import setup, find_packages

setup(
    name='backtrader',
    version='1.9.78.123',
    description='Backtesting framework: backtrader-compatible API on a numpy core',
    long_description=open('README.md', encoding='utf-8').read(),
    long_description_content_type='text/markdown',
    python_requires='>=3.10',
    packages=find_packages(include=['backtrader', 'backtrader.*']),
    package_data={'backtrader': ['datas/*.csv']},
    install_requires=['numpy>=1.24', 'pandas>=1.5', 'scipy>=1.9', 'scikit-learn>=1.2',
                      'tqdm>=4.60'],
    extras_require={
        'dev': ['pytest>=7', 'hypothesis>=6', 'pytest-xdist>=3', 'matplotlib>=3.6.3',
                'plotly>=5.15', 'matplotlib-inline', 'ipython', 'pytz',
                'pandas_market_calendars', 'dask[distributed]>=2023.1', 'optuna>=3.4',
                'cmaes>=0.10', 'pyyaml>=6'],
        # optimisation studies on a Dask cluster (DaskExecutor)
        'dask': ['dask[distributed]>=2023.1'],
        # Optuna's samplers (TPE, CMA-ES, NSGA-II) and pruners (OptunaOptimizer)
        'optuna': ['optuna>=3.4', 'cmaes>=0.10'],
        # charts: matplotlib (cerebro.plot) and plotly (interactive HTML)
        'plot': ['matplotlib>=3.6.3', 'plotly>=5.15'],
        'plotting': ['matplotlib>=3.6.3', 'plotly>=5.15'],
        'calendars': ['pandas_market_calendars'],
        # benchmarks/peer_backtesting.py: the reference workload on backtesting.py
        'bench': ['backtesting>=0.6'],
    },
    entry_points={'console_scripts': ['btrun = backtrader.btrun:btrun',
                                      'btopt = backtrader.optimizers.cli:main']},
    license='GPLv3+',
    classifiers=[
        'Programming Language :: Python :: 3',
        # (the test suite passes on each: CHANGELOG.md)
        'Programming Language :: Python :: 3.10',
        'Programming Language :: Python :: 3.11',
        'Programming Language :: Python :: 3.12',
        'Programming Language :: Python :: 3.13',
        'Topic :: Office/Business :: Financial :: Investment',
    ],
)
